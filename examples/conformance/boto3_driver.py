"""A rekognition-edge conformance driver for boto3 (the driver contract: docs/conformance.md).

  rekognition-edge conformance -- python3 examples/conformance/boto3_driver.py [standard|legacy]

Endpoint, region and credentials come from the environment, as boto3 reads them by default.
Without an argument botocore's default retry mode applies (legacy, as of botocore 1.43).
"""
import os
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

env = os.environ
config = Config(retries={"mode": sys.argv[1]}) if len(sys.argv) > 1 else Config()
client = boto3.client("rekognition", config=config)
project, name = env["REKOGNITION_EDGE_PROJECT_ARN"], env["REKOGNITION_EDGE_VERSION_NAME"]
try:
    answer = client.create_project_version(ProjectArn=project, VersionName=name, OutputConfig={"S3Bucket": env["REKOGNITION_EDGE_OUTPUT_BUCKET"]})
    print(answer["ProjectVersionArn"])
    if env["REKOGNITION_EDGE_ACTION"] == "create-and-wait":
        client.get_waiter("project_version_training_completed").wait(ProjectArn=project, VersionNames=[name])
except (BotoCoreError, ClientError) as error:
    # The last stderr line: the error code (informative only: the kit grades from the journal).
    print(getattr(error, "response", {}).get("Error", {}).get("Code") or type(error).__name__, file=sys.stderr)
    sys.exit(1)
