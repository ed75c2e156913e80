"""Where uploaded photos live, and what happens when that place does not answer.

Media is on the local disk (``MEDIA_ROOT``) by default and in an S3 bucket
when ``AWS_STORAGE_BUCKET_NAME`` is set (settings: ``s3_media_storage``). The
bucket is private. Visitors reach renditions (``images/``) through the site's
own ``/media/images/...`` addresses (``occ_site.views.rendition``), so a front
cache keeps them beside the pages; originals (``original_images/``) still
carry what the photographer uploaded and are never served to anyone. An
operator with a CDN in front of the bucket sets ``AWS_S3_CUSTOM_DOMAIN``:
URLs then use that host, and ``ensure_media_storage`` opens only ``images/``
to anonymous reads.
"""

import json
import os
from urllib.parse import urljoin

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.utils.encoding import filepath_to_uri
from django.utils.translation import gettext_lazy as _

from boto3.exceptions import Boto3Error
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, HTTPClientError, NoCredentialsError
from botocore.exceptions import ConnectionError as S3ConnectionError
from s3transfer.exceptions import S3DownloadFailedError, S3UploadFailedError
from storages.backends.s3 import S3Storage

# What an S3 call raises when the server is down, slow, refuses the keys or fails.
S3_ERRORS = (BotoCoreError, ClientError, Boto3Error, S3UploadFailedError, S3DownloadFailedError)
# The same for any storage: the local disk fails with OSError (full, read-only, missing).
STORAGE_ERRORS = (OSError, *S3_ERRORS)

STORAGE_UNAVAILABLE_MESSAGE = _(
    "The photo could not be stored: the media storage is not answering just now. "
    "Nothing was saved. Try again in a few minutes."
)

# The only prefix a CDN in front of the bucket may read (AWS_S3_CUSTOM_DOMAIN).
PUBLIC_PREFIX = "images/"


class MediaStorage(S3Storage):
    """django-storages' S3 storage whose URLs are the site's own ``/media/...`` addresses.

    The bucket is private, so its own URLs would not load for visitors; the
    site serves renditions from it instead. With ``custom_domain``
    (``AWS_S3_CUSTOM_DOMAIN``) the URLs point at that host, as django-storages
    makes them.
    """

    # Two uploads with the same file name must not replace each other, as on the local disk.
    file_overwrite = False
    # Objects are private; only the bucket policy (ensure_media_storage) may open images/ to a CDN.
    default_acl = None
    signature_version = "s3v4"

    def get_default_settings(self):
        # A down or slow S3 must not hold a request for long: short timeouts and one retry
        # (options, so that tests can shorten them further).
        return {**super().get_default_settings(), "connect_timeout": 2, "read_timeout": 5, "max_attempts": 2}

    def __init__(self, **options):
        super().__init__(**options)
        # Transfers in the request's own thread: no threads in the web process, and a pool per
        # file would cost more than it saves for photos of at most 15 MB.
        self.transfer_config = TransferConfig(use_threads=False)
        self.client_config = self.client_config.merge(
            Config(
                connect_timeout=self.connect_timeout,
                read_timeout=self.read_timeout,
                retries={"max_attempts": self.max_attempts, "mode": "standard"},
            )
        )

    def url(self, name, parameters=None, expire=None, http_method=None):
        if self.custom_domain:
            return super().url(name, parameters=parameters, expire=expire, http_method=http_method)
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name).lstrip("/"))


def media_is_on_s3(storage=default_storage):
    return isinstance(storage, S3Storage)


def media_storage_answers(storage=default_storage):
    """Whether uploads can be stored right now: one HEAD request on S3, a look at the folder on disk."""
    if media_is_on_s3(storage):
        try:
            storage.connection.meta.client.head_bucket(Bucket=storage.bucket_name)
        except S3_ERRORS:
            return False
        return True
    if isinstance(storage, FileSystemStorage):
        # The folder is created on the first upload: then its nearest existing parent must be writable.
        folder = os.path.abspath(storage.location)
        while not os.path.exists(folder) and os.path.dirname(folder) != folder:
            folder = os.path.dirname(folder)
        return os.path.isdir(folder) and os.access(folder, os.W_OK | os.X_OK)
    return True


def describe_media_storage(storage=default_storage):
    """Where media is, in words for an operator (no keys)."""
    if media_is_on_s3(storage):
        where = f" at {storage.endpoint_url}" if storage.endpoint_url else ""
        return f"the S3 bucket “{storage.bucket_name}”{where}"
    if isinstance(storage, FileSystemStorage):
        return f"the folder {storage.location}"
    return type(storage).__name__


REFUSED_KEYS = {"InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken", "AccessDenied", "403"}


def describe_storage_error(error, storage=default_storage):
    """One line an operator can act on, for a failed storage call; never a key or a traceback."""
    where = describe_media_storage(storage)
    if isinstance(error, NoCredentialsError):
        return f"no S3 keys for {where}: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY."
    if isinstance(error, S3ConnectionError | HTTPClientError):  # refused, unreachable, timed out, cut off
        return f"cannot reach {where} ({type(error).__name__}); is the S3 server running and AWS_S3_ENDPOINT_URL right?"
    if isinstance(error, ClientError):
        code = error.response.get("Error", {}).get("Code", "") or str(
            error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", "")
        )
        if code in REFUSED_KEYS:
            return (
                f"{where} refused the keys ({code}): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
                "and that they may use this bucket."
            )
        if code in {"NoSuchBucket", "404"}:
            return f"{where} does not exist: run “python manage.py ensure_media_storage” first."
        return f"{where} answered with an error ({code or 'unknown'})."
    if isinstance(error, OSError):
        return f"{where} failed: {error.strerror or type(error).__name__}."
    return f"{where} failed ({type(error).__name__})."


def public_read_policy(bucket_name):
    """The bucket policy that lets anyone read renditions, and nothing else (for a CDN in front)."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PublicReadRenditions",
                "Effect": "Allow",
                "Principal": "*",
                "Action": ["s3:GetObject"],
                "Resource": [f"arn:aws:s3:::{bucket_name}/{PUBLIC_PREFIX}*"],
            }
        ],
    }


def same_policy(first, second):
    """Compare two bucket policies as S3 means them: a single value and a one-item list are the same."""

    def normal(policy):
        if isinstance(policy, str):
            policy = json.loads(policy)
        statements = []
        for statement in policy.get("Statement", []):
            normalised = {}
            for key, value in statement.items():
                if isinstance(value, list):
                    value = sorted(value)
                elif isinstance(value, str) and key in {"Action", "Resource", "NotAction", "NotResource"}:
                    value = [value]
                elif key == "Principal" and value == {"AWS": "*"}:
                    value = "*"
                normalised[key] = value
            statements.append(normalised)
        return sorted(json.dumps(s, sort_keys=True) for s in statements)

    return normal(first) == normal(second)


def stored_names(storage=default_storage, folder=""):
    """Every file name in the storage (documented Storage.listdir, so it works on disk and on S3)."""
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:  # a media folder not created yet holds nothing
        return
    for name in sorted(files):
        if not (folder == "" and name == ".gitkeep"):  # keeps the empty media/ folder in git; not media
            yield f"{folder}{name}"
    for directory in sorted(directories):
        yield from stored_names(storage, f"{folder}{directory}/")

