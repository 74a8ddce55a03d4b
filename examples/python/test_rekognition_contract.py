"""Contract tests of a boto3 client against `rekognition-edge serve`, driven through its control plane.

    npx rekognition-edge serve --port 4599 &
    REKOGNITION_ENDPOINT=http://127.0.0.1:4599 pytest test_rekognition_contract.py
"""
import json
import os
import urllib.request

import boto3
import pytest
from botocore.config import Config

ENDPOINT = os.environ.get("REKOGNITION_ENDPOINT", "http://127.0.0.1:4599")
PROJECT = "arn:aws:rekognition:us-east-1:111122223333:project/demo-custom-labels/1700000000000"
OUTPUT = {"S3Bucket": "amzn-s3-demo-bucket"}


def admin(method, path, body=None):
    """Calls the control plane: plain JSON (declared as such), no signature."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"{ENDPOINT}/__admin/{path}", data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


@pytest.fixture
def rekognition():
    admin("POST", "reset")  # each test starts from the demo projects, an empty journal, nothing queued
    return boto3.client(
        "rekognition",
        endpoint_url=ENDPOINT,
        region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        config=Config(retries={"mode": "standard", "total_max_attempts": 3}),
    )


def test_retries_through_two_server_errors(rekognition):
    admin("POST", "responses", {"operation": "CreateProjectVersion", "times": 2, "respond": {"scenario": "create-InternalServerError"}})
    result = rekognition.create_project_version(ProjectArn=PROJECT, VersionName="v1", OutputConfig=OUTPUT)
    assert result["ResponseMetadata"]["RetryAttempts"] == 2
    sent = admin("GET", "requests?operation=CreateProjectVersion")["requests"]
    assert [(entry["signature"], entry["response"]["status"]) for entry in sent] == [("valid", 500), ("valid", 500), ("valid", 200)]


def test_a_reset_connection_is_retried_and_creates_once(rekognition):
    admin("POST", "responses", {"operation": "CreateProjectVersion", "respond": {"fault": "CONNECTION_RESET"}})
    rekognition.create_project_version(ProjectArn=PROJECT, VersionName="v1", OutputConfig=OUTPUT)
    assert len(admin("GET", "state")["projects"][0]["Versions"]) == 1


def test_training_completes_when_the_clock_moves(rekognition):
    rekognition.create_project_version(ProjectArn=PROJECT, VersionName="v1", OutputConfig=OUTPUT)
    admin("POST", "clock/advance", {"seconds": 3600})
    rekognition.get_waiter("project_version_training_completed").wait(
        ProjectArn=PROJECT, VersionNames=["v1"], WaiterConfig={"Delay": 1, "MaxAttempts": 1}
    )


def test_waiting_for_a_running_model(rekognition):
    rekognition.create_project_version(ProjectArn=PROJECT, VersionName="v1", OutputConfig=OUTPUT)
    admin("POST", "versions/status", {"ProjectArn": PROJECT, "VersionName": "v1", "Status": "RUNNING"})
    rekognition.get_waiter("project_version_running").wait(
        ProjectArn=PROJECT, VersionNames=["v1"], WaiterConfig={"Delay": 1, "MaxAttempts": 1}
    )
