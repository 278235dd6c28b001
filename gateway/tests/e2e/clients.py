"""Clients of both SDKs for one credential: `v2(...)` is alibabacloud-oss-v2 (V4 by
default, `signature="v1"` for V1), `bucket(...)` an oss2 Bucket (V1 by default,
`signature="v4"` for V4). `virtual=True` addresses buckets by host name."""

import alibabacloud_oss_v2 as oss
import oss2

from conftest import REGION


def v2(gateway, credential, signature="v4", virtual=False):
    cfg = oss.config.load_default()
    cfg.credentials_provider = oss.credentials.StaticCredentialsProvider(*credential)
    cfg.region = REGION
    cfg.endpoint = gateway.virtual_endpoint if virtual else gateway.endpoint
    cfg.signature_version = signature
    cfg.retry_max_attempts = 1
    if not virtual:
        cfg.use_path_style = True
    return oss.Client(cfg)


def bucket(gateway, credential, name, signature="v1", virtual=False):
    if len(credential) == 3:
        auth = oss2.StsAuth(*credential, auth_version="v4" if signature == "v4" else "v1")
    elif signature == "v4":
        auth = oss2.ProviderAuthV4(oss2.credentials.StaticCredentialsProvider(*credential))
    else:
        auth = oss2.Auth(*credential)
    endpoint = gateway.virtual_endpoint if virtual else gateway.endpoint
    return oss2.Bucket(auth, endpoint, name, region=REGION, enable_crc=True)


def v2_code(call):
    """The OSS error code `call` fails with under v2, or None when it succeeds."""
    try:
        call()
    except oss.exceptions.OperationError as error:
        return error.unwrap().code
    except oss.exceptions.ServiceError as error:
        return error.code
    return None


def oss2_code(call):
    """The OSS error code `call` fails with under oss2, or None when it succeeds."""
    try:
        call()
    except oss2.exceptions.OssError as error:
        return error.code
    return None
