"""Data round trips byte for byte (multipart with CRC checks), listings, copy, tagging,
ACL, multi-delete, bucket policies changed over the API, and the signature failures."""

import datetime
import hashlib
import os
import time

import alibabacloud_oss_v2 as oss
import oss2
import requests

from clients import bucket, oss2_code, v2, v2_code
from conftest import OWNER, READER

PAYLOAD = os.urandom(3 * 1024 * 1024 + 12345)


def test_multipart_round_trip_both_sdks(gateway, tmp_path):
    source = tmp_path / "big.bin"
    source.write_bytes(PAYLOAD)
    client = v2(gateway, OWNER)
    uploader = client.uploader(part_size=1024 * 1024, parallel_num=2, leave_parts_on_error=False)
    result = uploader.upload_file(oss.PutObjectRequest(bucket="mybucket", key="big/v2.bin"), filepath=str(source))
    assert result.hash_crc64 is not None
    got = client.get_object(oss.GetObjectRequest(bucket="mybucket", key="big/v2.bin"))
    assert hashlib.sha256(got.body.content).digest() == hashlib.sha256(PAYLOAD).digest()
    owner = bucket(gateway, OWNER, "mybucket")
    oss2.resumable_upload(owner, "big/oss2.bin", str(source), multipart_threshold=1024 * 1024, part_size=512 * 1024, num_threads=2)
    target = tmp_path / "down.bin"
    oss2.resumable_download(owner, "big/oss2.bin", str(target), multiget_threshold=10 * 1024 * 1024)
    assert target.read_bytes() == PAYLOAD
    head = owner.head_object("big/oss2.bin")
    assert head.content_length == len(PAYLOAD) and head.object_type == "Multipart"


def test_range_user_metadata_and_hostile_keys(gateway):
    owner = bucket(gateway, OWNER, "mybucket", signature="v4")
    keys = ["a/../b", "../../etc/passwd", "spaced key+plus%percent", "日本語/ファイル", "e\u0301", "\u00e9", "k" * 1023]
    for i, key in enumerate(keys):
        owner.put_object(key, f"value {i}".encode(), headers={"x-oss-meta-index": str(i), "Content-Type": "text/plain"})
    for i, key in enumerate(keys):
        got = owner.get_object(key)
        assert got.read() == f"value {i}".encode(), key
        assert got.headers["x-oss-meta-index"] == str(i)
    assert owner.get_object(keys[0], byte_range=(2, 4)).read() == b"lue"
    assert oss2_code(lambda: owner.get_object("b")) == "NoSuchKey"
    assert oss2_code(lambda: owner.put_object("k" * 1024, b"x")) is not None


def test_listing_pages_delimiters_and_url_encoding(gateway):
    client = v2(gateway, OWNER)
    for key in ["list/a", "list/b", "list/c/1", "list/c/2", "list/d e"]:
        client.put_object(oss.PutObjectRequest(bucket="mybucket", key=key, body=b"."))
    seen, token = [], None
    for _ in range(10):
        page = client.list_objects_v2(oss.ListObjectsV2Request(bucket="mybucket", prefix="list/", delimiter="/", max_keys=2, continuation_token=token))
        seen += [o.key for o in page.contents or []] + [p.prefix for p in page.common_prefixes or []]
        if not page.is_truncated:
            break
        token = page.next_continuation_token
    assert sorted(seen) == ["list/a", "list/b", "list/c/", "list/d e"]
    owner = bucket(gateway, OWNER, "mybucket")
    keys = [o.key for o in oss2.ObjectIterator(owner, prefix="list/", max_keys=1)]
    assert keys == ["list/a", "list/b", "list/c/1", "list/c/2", "list/d e"]


def test_copy_tagging_acl_and_multi_delete(gateway):
    owner = bucket(gateway, OWNER, "mybucket")
    owner.put_object("copy/src", b"source", headers={"x-oss-tagging": "team=a"})
    owner.copy_object("mybucket", "copy/src", "copy/dst")
    assert owner.get_object("copy/dst").read() == b"source"
    assert owner.get_object_tagging("copy/dst").tag_set.tagging_rule == {"team": "a"}
    rule = oss2.models.TaggingRule()
    rule.add("k", "v")
    owner.put_object_tagging("copy/dst", oss2.models.Tagging(rule))
    assert owner.get_object_tagging("copy/dst").tag_set.tagging_rule == {"k": "v"}
    owner.put_object_acl("copy/dst", oss2.OBJECT_ACL_PRIVATE)
    assert owner.get_object_acl("copy/dst").acl == oss2.OBJECT_ACL_PRIVATE
    result = owner.batch_delete_objects(["copy/src", "copy/dst"])
    assert sorted(result.deleted_keys) == ["copy/dst", "copy/src"]
    assert not owner.object_exists("copy/src")


def test_put_bucket_policy_changes_the_next_decision(gateway):
    owner = bucket(gateway, OWNER, "mybucket")
    reader = bucket(gateway, READER, "mybucket")
    owner.put_object("dir/policy.txt", b"p")
    assert reader.get_object("dir/policy.txt").read() == b"p"
    deny = '{"Version":"1","Statement":[{"Effect":"Deny","Action":["oss:GetObject"],"Principal":["202147604049351234"],"Resource":["acs:oss:*:1746495857602745:mybucket/dir/*"]}]}'
    owner.put_bucket_policy(deny)
    assert oss2_code(lambda: reader.get_object("dir/policy.txt")) == "AccessDenied"
    assert owner.get_bucket_policy().policy == deny
    owner.delete_bucket_policy()
    assert reader.get_object("dir/policy.txt").read() == b"p"
    try:
        owner.put_bucket_policy('{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resorce":"*"}]}')
    except oss2.exceptions.OssError as error:
        assert error.status == 400 and error.code == "MalformedPolicy"
        assert "unknown-field" in error.message and "policy:1:" in error.message
    else:
        raise AssertionError("an invalid policy was accepted")
    assert reader.get_object("dir/policy.txt").read() == b"p"


def test_signature_failures_as_oss_answers_them(gateway):
    wrong = bucket(gateway, (OWNER[0], "not-the-secret"), "mybucket")
    assert oss2_code(lambda: wrong.get_object("dir/a.txt")) == "SignatureDoesNotMatch"
    wrong4 = v2(gateway, (OWNER[0], "not-the-secret"))
    assert v2_code(lambda: wrong4.get_object(oss.GetObjectRequest(bucket="mybucket", key="dir/a.txt"))) == "SignatureDoesNotMatch"
    unknown = v2(gateway, ("LTAI5tNobody", "secret"))
    assert v2_code(lambda: unknown.get_object(oss.GetObjectRequest(bucket="mybucket", key="dir/a.txt"))) == "InvalidAccessKeyId"
    owner = v2(gateway, OWNER)
    owner.put_object(oss.PutObjectRequest(bucket="mybucket", key="presigned.txt", body=b"signed"))
    fresh = owner.presign(oss.GetObjectRequest(bucket="mybucket", key="presigned.txt"), expires=datetime.timedelta(seconds=60))
    assert requests.get(fresh.url, timeout=10).content == b"signed"
    short = owner.presign(oss.GetObjectRequest(bucket="mybucket", key="presigned.txt"), expires=datetime.timedelta(seconds=2))
    v1_url = bucket(gateway, OWNER, "mybucket").sign_url("GET", "presigned.txt", 1)
    time.sleep(3.5)
    for url in [short.url, v1_url]:
        answer = requests.get(url, timeout=10)
        assert answer.status_code == 403, (url, answer.content)
        assert answer.status_code == 403 and b"<Code>AccessDenied</Code>" in answer.content
        assert b"Request has expired" in answer.content
        assert answer.headers["x-oss-request-id"]
