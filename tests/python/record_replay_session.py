"""One boto3 session against a Rekognition endpoint (the recording proxy, then the replay):
a create, botocore's training waiter, the describe after it, a quota error and an unknown
project. Prints what boto3 returned or raised, request ids included, as JSON.

Usage: python3 record_replay_session.py <endpoint> <project arn>
"""
import json
import sys

import boto3
import botocore
from botocore.config import Config

endpoint, project = sys.argv[1], sys.argv[2]
rekognition = boto3.client(
    "rekognition",
    endpoint_url=endpoint,
    region_name="us-east-1",
    aws_access_key_id="AKIDEXAMPLE",
    aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    config=Config(retries={"total_max_attempts": 1}),
)


def call(operation, **params):
    try:
        result = getattr(rekognition, operation)(**params)
        return {"result": json.loads(json.dumps(result, default=str)), "requestId": result["ResponseMetadata"]["RequestId"]}
    except botocore.exceptions.ClientError as error:
        return {
            "code": error.response["Error"]["Code"],
            "message": error.response["Error"]["Message"],
            "status": error.response["ResponseMetadata"]["HTTPStatusCode"],
            "requestId": error.response["ResponseMetadata"].get("RequestId"),
        }


def strip(outcome):
    """Drops what is the transport's, not the service's: headers such as Date and Content-Length, retry counts."""
    result = outcome.get("result")
    if result is not None:
        result.pop("ResponseMetadata", None)
    return outcome


output = {"S3Bucket": "amzn-s3-demo-bucket", "S3KeyPrefix": "boto3/"}
outcomes = {"create": strip(call("create_project_version", ProjectArn=project, VersionName="boto3-v1", OutputConfig=output))}
rekognition.get_waiter("project_version_training_completed").wait(
    ProjectArn=project, VersionNames=["boto3-v1"], WaiterConfig={"Delay": 0.2, "MaxAttempts": 100}
)
outcomes["after_wait"] = strip(call("describe_project_versions", ProjectArn=project, VersionNames=["boto3-v1"]))
outcomes["quota"] = strip(call("create_project_version", ProjectArn=project, VersionName="fixture-LimitExceededException", OutputConfig=output))
outcomes["unknown_project"] = strip(call("describe_project_versions", ProjectArn=project.rsplit("/", 2)[0] + "/no-such-project/1"))
print(json.dumps(outcomes))
