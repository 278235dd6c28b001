"""Seed scenarios through both SDKs: what the scenario allows succeeds, everything else
fails with AccessDenied (bucket-policy.txt, ram-policy.txt, ram-directory-access.txt,
access-points.txt), addressed path-style and virtual-hosted, signed V1 and V4."""

import alibabacloud_oss_v2 as oss
import pytest

from clients import bucket, oss2_code, v2, v2_code
from conftest import ANNE, AP_ALIAS, AP_OWNER, AP_USER, OWNER, READER, ROLE


@pytest.fixture(scope="module", autouse=True)
def objects(gateway):
    """The owners' objects the scenarios read."""
    owner = v2(gateway, OWNER)
    for name, key in [
        ("example-bucket", "hangzhou/2020/a.txt"),
        ("example-bucket", "hangzhou/2021/a.txt"),
        ("example-bucket", "shanghai/2015/q1/b.txt"),
        ("mybucket", "dir/a.txt"),
        ("examplebucket", "Development/plan.txt"),
        ("examplebucket", "Marketing/plan.txt"),
    ]:
        owner.put_object(oss.PutObjectRequest(bucket=name, key=key, body=f"{name}/{key}".encode()))
    v2(gateway, AP_OWNER).put_object(oss.PutObjectRequest(bucket="ap-examplebucket", key="dir1/a.csv", body=b"a,b\n"))
    v2(gateway, AP_OWNER).put_object(oss.PutObjectRequest(bucket="ap-examplebucket", key="dir2/b.csv", body=b"c,d\n"))


@pytest.mark.parametrize("signature", ["v1", "v4"])
@pytest.mark.parametrize("virtual", [False, True])
def test_bucket_policy_scenario_2_read_only_folders(gateway, signature, virtual):
    reader = bucket(gateway, READER, "example-bucket", signature=signature, virtual=virtual)
    assert reader.get_object("hangzhou/2020/a.txt").read() == b"example-bucket/hangzhou/2020/a.txt"
    assert reader.get_object("shanghai/2015/q1/b.txt").read() == b"example-bucket/shanghai/2015/q1/b.txt"
    assert oss2_code(lambda: reader.get_object("hangzhou/2021/a.txt")) == "AccessDenied"
    assert oss2_code(lambda: reader.put_object("hangzhou/2020/new.txt", b"x")) == "AccessDenied"
    listed = reader.list_objects(prefix="hangzhou/2020/")
    assert [o.key for o in listed.object_list] == ["hangzhou/2020/a.txt"]
    assert oss2_code(lambda: reader.list_objects(prefix="")) == "AccessDenied"
    assert oss2_code(lambda: reader.list_objects()) == "AccessDenied"


@pytest.mark.parametrize("signature", ["v1", "v4"])
def test_ram_policy_scenario_3_list_and_read(gateway, signature):
    client = v2(gateway, READER, signature=signature)
    got = client.get_object(oss.GetObjectRequest(bucket="mybucket", key="dir/a.txt"))
    assert got.body.content == b"mybucket/dir/a.txt"
    listed = client.list_objects_v2(oss.ListObjectsV2Request(bucket="mybucket", prefix="dir/a"))
    assert [o.key for o in listed.contents] == ["dir/a.txt"]
    assert v2_code(lambda: client.put_object(oss.PutObjectRequest(bucket="mybucket", key="new.txt", body=b"x"))) == "AccessDenied"
    assert v2_code(lambda: client.delete_object(oss.DeleteObjectRequest(bucket="mybucket", key="dir/a.txt"))) == "AccessDenied"
    assert v2_code(lambda: client.list_objects_v2(oss.ListObjectsV2Request(bucket="examplebucket"))) == "AccessDenied"


@pytest.mark.parametrize("signature", ["v1", "v4"])
def test_sts_credentials_carry_their_role(gateway, signature):
    role = bucket(gateway, ROLE, "mybucket", signature=signature)
    assert role.get_object("dir/a.txt").read() == b"mybucket/dir/a.txt"
    assert oss2_code(lambda: role.put_object("x.txt", b"x")) == "AccessDenied"
    wrong_token = bucket(gateway, (ROLE[0], ROLE[1], "another-token"), "mybucket", signature=signature)
    assert oss2_code(lambda: wrong_token.get_object("dir/a.txt")) == "InvalidAccessKeyId"


@pytest.mark.parametrize("virtual", [False, True])
def test_ram_directory_access_anne_in_development(gateway, virtual):
    anne = v2(gateway, ANNE, virtual=virtual)
    anne.put_object(oss.PutObjectRequest(bucket="examplebucket", key="Development/notes.txt", body=b"anne"))
    got = anne.get_object(oss.GetObjectRequest(bucket="examplebucket", key="Development/notes.txt"))
    assert got.body.content == b"anne"
    listed = anne.list_objects(oss.ListObjectsRequest(bucket="examplebucket", prefix="Development/", delimiter="/"))
    assert sorted(o.key for o in listed.contents) == ["Development/notes.txt", "Development/plan.txt"]
    assert v2_code(lambda: anne.get_object(oss.GetObjectRequest(bucket="examplebucket", key="Marketing/plan.txt"))) == "AccessDenied"
    assert v2_code(lambda: anne.list_objects(oss.ListObjectsRequest(bucket="examplebucket", prefix="", delimiter="/"))) == "AccessDenied"
    assert v2_code(lambda: anne.list_objects(oss.ListObjectsRequest(bucket="examplebucket", prefix="Marketing/"))) == "AccessDenied"


@pytest.mark.parametrize("signature", ["v1", "v4"])
def test_access_point_read_only_dir1(gateway, signature):
    through = bucket(gateway, AP_USER, AP_ALIAS, signature=signature)
    assert through.get_object("dir1/a.csv").read() == b"a,b\n"
    assert oss2_code(lambda: through.get_object("dir2/b.csv")) == "AccessDenied"
    assert oss2_code(lambda: through.put_object("dir1/new.csv", b"x")) == "AccessDenied"
    assert [o.key for o in through.list_objects(prefix="dir1/").object_list] == ["dir1/a.csv"]
    direct = bucket(gateway, AP_USER, "ap-examplebucket", signature=signature)
    assert oss2_code(lambda: direct.get_object("dir1/a.csv")) == "AccessDenied"


def test_access_denied_names_the_kind_of_policy_never_its_text(gateway):
    reader = bucket(gateway, READER, "example-bucket")
    try:
        reader.get_object("hangzhou/2021/a.txt")
    except Exception as error:  # noqa: BLE001 - the SDK's error class is checked below
        assert error.status == 403 and error.code == "AccessDenied"
        assert "no policy allows oss:GetObject" in error.message
        assert "Statement" not in error.message and "202147604049351234" not in error.message
        assert error.request_id
    else:
        raise AssertionError("the read was allowed")
