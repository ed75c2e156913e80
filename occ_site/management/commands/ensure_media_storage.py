import json

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from botocore.exceptions import ClientError

from core.media_storage import (
    PUBLIC_PREFIX,
    S3_ERRORS,
    describe_media_storage,
    describe_storage_error,
    media_is_on_s3,
    public_read_policy,
    same_policy,
)


class Command(BaseCommand):
    help = (
        "Create the media bucket and its access rules when media is on S3 (AWS_STORAGE_BUCKET_NAME). "
        "The bucket is private; with AWS_S3_CUSTOM_DOMAIN (a CDN in front of it) anyone may read "
        "renditions (images/), never originals. Safe to run again: it changes only what differs."
    )

    def handle(self, *args, **options):
        storage = default_storage
        if not media_is_on_s3(storage):
            self.stdout.write(f"Media is on the local disk ({describe_media_storage(storage)}): nothing to set up.")
            return
        try:
            changes = self.ensure_bucket(storage) + self.ensure_access_rules(storage)
        except (*S3_ERRORS, ValueError) as error:  # ValueError: boto3 refuses a malformed endpoint URL
            raise CommandError(describe_storage_error(error, storage)) from None
        where = describe_media_storage(storage)
        if not changes:
            self.stdout.write(f"Media storage is ready: {where} and its access rules were already right; nothing changed.")
            return
        for change in changes:
            self.stdout.write(f"{where}: {change}")

    def ensure_bucket(self, storage):
        client = storage.connection.meta.client
        try:
            client.head_bucket(Bucket=storage.bucket_name)
            return []
        except ClientError as error:
            status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            if status == 403:
                client.list_buckets()  # HEAD has no body: this says whether the keys themselves are wrong
            if status != 404:
                raise
        options = {"Bucket": storage.bucket_name}
        if storage.region_name and storage.region_name != "us-east-1":
            options["CreateBucketConfiguration"] = {"LocationConstraint": storage.region_name}
        client.create_bucket(**options)
        return ["created the bucket (private)."]

    def ensure_access_rules(self, storage):
        client = storage.connection.meta.client
        try:
            current = client.get_bucket_policy(Bucket=storage.bucket_name)["Policy"]
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") != "NoSuchBucketPolicy":
                raise
            current = None
        if storage.custom_domain:
            wanted = public_read_policy(storage.bucket_name)
            if current is not None and same_policy(current, wanted):
                return []
            client.put_bucket_policy(Bucket=storage.bucket_name, Policy=json.dumps(wanted))
            return [
                f"anyone may now read {PUBLIC_PREFIX} (renditions, for the CDN at {storage.custom_domain}); "
                "originals stay private."
            ]
        if current is None:
            return []
        client.delete_bucket_policy(Bucket=storage.bucket_name)
        return ["removed the bucket policy: nothing in the bucket is public (renditions go through the site)."]

