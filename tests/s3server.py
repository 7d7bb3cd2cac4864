"""moto's standalone S3 server (requirements-dev.txt) on a free loopback port: the object
storage the tests of media in buckets run against, started and stopped by the suite.

Buckets are made as docs/deploy.md tells a campaign to make its own: the public one readable
by anyone through its policy (its objects, not its listing), the private one with no public
access at all.
"""

import json
import socket
import subprocess
import sys
import uuid

import boto3

from tests.processes import free_port, wait_for

REGION = "eu-west-1"
ACCESS_KEY = "tests-only-access-key"
SECRET_KEY = "tests-only-secret-key"


def public_read_policy(bucket):
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{bucket}/*",
                }
            ],
        }
    )


class S3Server:
    def __init__(self):
        self.process = None
        self._client = None  # made once: a boto3 client takes half a second to build
        for _attempt in range(5):  # another process may take the free port first
            self.port = free_port()
            self.process = subprocess.Popen(
                [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                wait_for(lambda: self.process.poll() is not None or self.answers(), what="moto's S3 server")
            except AssertionError:
                self.stop()
                raise
            if self.process.poll() is None:
                return
        raise AssertionError("moto's S3 server did not start")

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def answers(self):
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
        except OSError:
            return False
        return True

    def environment(self, public, private):
        """The variables a campaign sets to keep its media in these buckets."""
        return {
            "AWS_STORAGE_BUCKET_NAME": public,
            "AWS_PRIVATE_STORAGE_BUCKET_NAME": private,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_S3_ADDRESSING_STYLE": "path",
        }

    def client(self):
        if self._client is None:
            self._client = self._make_client()
        return self._client

    def _make_client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def make_buckets(self):
        """A fresh (public, private) pair of bucket names, made."""
        tag = uuid.uuid4().hex[:12]
        public, private = f"media-{tag}", f"private-{tag}"
        client = self.client()
        for bucket in (public, private):
            client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
        client.put_bucket_policy(Bucket=public, Policy=public_read_policy(public))
        return public, private

    def keys(self, bucket):
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return sorted(entry["Key"] for page in pages for entry in page.get("Contents", ()))

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
