"""boto3 drives `rekognition-edge serve` through each row of the control plane (issue 10).

Run by tests/control-plane-boto3.test.ts:
  python3 control_plane_rows.py <endpoint> <token endpoint> <token> <seeded endpoint A> <seeded endpoint B>
Prints one JSON object: each row's observations (or what crashed). The server starts with the
demo projects in us-east-1; every row begins with POST /__admin/reset, as a pytest fixture would.
"""
import json
import sys
import urllib.error
import urllib.request

import boto3
import botocore
import botocore.retries.standard as standard
from botocore.config import Config

ENDPOINT, TOKEN_ENDPOINT, TOKEN, SEEDED_A, SEEDED_B = sys.argv[1:6]
PROJECT = "arn:aws:rekognition:us-east-1:111122223333:project/demo-custom-labels/1700000000000"
OUTPUT = {"S3Bucket": "amzn-s3-demo-bucket"}

# boto3's standard retries back off up to seconds for throttling: keep its decisions, skip the sleeps, count them.
backoffs = []
_delay_amount = standard.ExponentialBackoff.delay_amount


def _recorded_delay(self, context):
    backoffs.append(_delay_amount(self, context))
    return 0


standard.ExponentialBackoff.delay_amount = _recorded_delay


def admin(method, path, body=None, base=ENDPOINT, token=None):
    """One control-plane call: (status, JSON)."""
    data = None if body is None else json.dumps(body).encode()
    # JSON, declared: the control plane refuses a POST a web page could send without a preflight (415).
    request = urllib.request.Request(f"{base}/__admin/{path}", data=data, method=method, headers={"Content-Type": "application/json"})
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def rekognition(max_attempts=1, endpoint=ENDPOINT):
    return boto3.client(
        "rekognition",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        config=Config(retries={"mode": "standard", "total_max_attempts": max_attempts}),
    )


def failure(call):
    """The error a call ends with: the service's code and message, or the exception's name and text."""
    try:
        call()
        return None
    except botocore.exceptions.ClientError as error:
        return {"code": error.response["Error"]["Code"], "message": error.response["Error"]["Message"]}
    except Exception as error:  # a waiter's or the transport's
        return {"exception": type(error).__name__, "message": str(error)}


def status_of(client, version_name):
    versions = client.describe_project_versions(ProjectArn=PROJECT, VersionNames=[version_name])["ProjectVersionDescriptions"]
    return versions[0]["Status"]


def journal(query=""):
    return admin("GET", f"requests{query}")[1]["requests"]


rows = {}


def row(function):
    admin("POST", "reset")
    try:
        rows[function.__name__] = function()
    except Exception as error:
        rows[function.__name__] = {"crashed": f"{type(error).__name__}: {error}"}
    return function


@row
def health():
    return admin("GET", "health")


@row
def throttled_twice_then_success():
    del backoffs[:]
    admin("POST", "responses", {"operation": "CreateProjectVersion", "times": 2, "respond": {"scenario": "create-ThrottlingException"}})
    result = rekognition(max_attempts=3).create_project_version(ProjectArn=PROJECT, VersionName="v1", OutputConfig=OUTPUT)
    return {
        "arn": result["ProjectVersionArn"],
        "retryAttempts": result["ResponseMetadata"]["RetryAttempts"],
        "backoffs": len(backoffs),
        "journal": [[entry["signature"], entry["response"]["status"], entry["response"].get("errorType")] for entry in journal("?operation=CreateProjectVersion")],
        "versions": [version["ProjectVersionArn"] for version in admin("GET", "state")[1]["projects"][0]["Versions"]],
    }


@row
def connection_reset_retried():
    admin("POST", "responses", {"operation": "CreateProjectVersion", "respond": {"fault": "CONNECTION_RESET"}})
    result = rekognition(max_attempts=2).create_project_version(ProjectArn=PROJECT, VersionName="v1", OutputConfig=OUTPUT)
    return {
        "retryAttempts": result["ResponseMetadata"]["RetryAttempts"],
        "journal": [[entry["response"]["status"], entry["response"].get("fault")] for entry in journal()],
        "versions": len(admin("GET", "state")[1]["projects"][0]["Versions"]),
        "withoutRetries": (admin("POST", "responses", {"respond": {"fault": "CONNECTION_RESET"}}), failure(lambda: rekognition().describe_project_versions(ProjectArn=PROJECT)))[1],
    }


@row
def clock_advance_completes_training():
    client = rekognition()
    client.create_project_version(ProjectArn=PROJECT, VersionName="v1", OutputConfig=OUTPUT)
    before = status_of(client, "v1")
    advanced = admin("POST", "clock/advance", {"seconds": 3600})[1]
    client.get_waiter("project_version_training_completed").wait(ProjectArn=PROJECT, VersionNames=["v1"], WaiterConfig={"Delay": 1, "MaxAttempts": 1})
    return {"before": before, "after": status_of(client, "v1"), "advancedSeconds": advanced["advancedSeconds"]}


@row
def running_waiter():
    client = rekognition()
    client.create_project_version(ProjectArn=PROJECT, VersionName="v1", OutputConfig=OUTPUT)
    waiter = client.get_waiter("project_version_running")
    set_status = lambda status: admin("POST", "versions/status", {"ProjectArn": PROJECT, "VersionName": "v1", "Status": status})[0]
    statuses = [set_status("RUNNING")]
    waiter.wait(ProjectArn=PROJECT, VersionNames=["v1"], WaiterConfig={"Delay": 1, "MaxAttempts": 1})
    statuses.append(set_status("FAILED"))
    failed = failure(lambda: waiter.wait(ProjectArn=PROJECT, VersionNames=["v1"], WaiterConfig={"Delay": 1, "MaxAttempts": 1}))
    described = []
    for status in ["DEPRECATED", "EXPIRED", "SOMETHING_NEW"]:
        statuses.append(set_status(status))
        described.append(status_of(client, "v1"))
    return {"statuses": statuses, "failed": failed["exception"], "failedMessage": failed["message"], "described": described}


@row
def skew_refuses_boto3():
    skew = admin("POST", "clock/skew", {"seconds": 600})[1]
    return {"skew": skew["skewSeconds"], "error": failure(lambda: rekognition().describe_project_versions(ProjectArn=PROJECT))}


@row
def projects_and_state():
    status, added = admin("POST", "projects", {"ProjectName": "from-python", "Feature": "CONTENT_MODERATION"})
    arn = rekognition().create_project_version(ProjectArn=added["ProjectArn"], VersionName="a1", OutputConfig=OUTPUT)["ProjectVersionArn"]
    project = [entry for entry in admin("GET", "state")[1]["projects"] if entry["ProjectArn"] == added["ProjectArn"]][0]
    return {
        "status": status,
        "projectArn": added["ProjectArn"],
        "feature": project["Feature"],
        "datasets": project["Datasets"],
        "versions": [[version["ProjectVersionArn"], version["Status"]] for version in project["Versions"]],
        "arn": arn,
        "duplicate": admin("POST", "projects", {"ProjectName": "from-python"})[0],
    }


@row
def journal_filters_and_clear():
    client = rekognition()
    client.create_project_version(ProjectArn=PROJECT, VersionName="v1", OutputConfig=OUTPUT)
    client.describe_project_versions(ProjectArn=PROJECT, VersionNames=["v1"])
    client.describe_project_versions(ProjectArn=PROJECT)
    everything = journal()
    first = everything[0]
    return {
        "count": len(everything),
        "byVersion": [entry["operation"] for entry in journal("?VersionName=v1")],
        "byOperation": len(journal("?operation=DescribeProjectVersions")),
        "first": {key: first[key] for key in ["method", "path", "operation", "body", "signature", "response"]},
        "target": first["headers"]["x-amz-target"],
        "userAgent": first["headers"]["user-agent"].split("/")[0],
        "cleared": admin("DELETE", "requests")[1],
        "after": journal(),
    }


@row
def responses_pending_and_clear():
    _, queued = admin("POST", "responses", {"operation": "CreateProjectVersion", "match": {"VersionName": "v9"}, "times": 3, "respond": {"status": 500, "body": {"__type": "InternalServerError", "Message": "boom"}}})
    client = rekognition()
    error = failure(lambda: client.create_project_version(ProjectArn=PROJECT, VersionName="v9", OutputConfig=OUTPUT))
    other = client.create_project_version(ProjectArn=PROJECT, VersionName="v1", OutputConfig=OUTPUT)["ProjectVersionArn"]
    pending = admin("GET", "responses")[1]["responses"]
    cleared = admin("DELETE", "responses")[1]
    return {
        "id": queued["id"],
        "error": error,
        "other": other,
        "pending": [[entry["id"], entry["remaining"]] for entry in pending],
        "cleared": cleared,
        "after": admin("GET", "responses")[1],
        "refused": admin("POST", "responses", {"respond": {"fault": "MELTDOWN"}})[0],
    }


@row
def reset_empties_everything():
    client = rekognition()
    client.create_project_version(ProjectArn=PROJECT, VersionName="v1", OutputConfig=OUTPUT)
    admin("POST", "projects", {"ProjectName": "extra"})
    admin("POST", "responses", {"respond": {"fault": "CONNECTION_RESET"}})
    admin("POST", "clock/advance", {"seconds": 3600})
    reset = admin("POST", "reset")
    state = admin("GET", "state")[1]
    return {
        "reset": reset,
        "projects": [project["ProjectArn"] for project in state["projects"]],
        "versions": sum(len(project["Versions"]) for project in state["projects"]),
        "clock": [state["clock"]["skewSeconds"], state["clock"]["advancedSeconds"]],
        "requests": journal(),
        "responses": admin("GET", "responses")[1]["responses"],
        "recreated": (client.create_project_version(ProjectArn=PROJECT, VersionName="v1", OutputConfig=OUTPUT), status_of(client, "v1"))[1],
    }


@row
def token_rule():
    return {
        "none": admin("GET", "state", base=TOKEN_ENDPOINT)[0],
        "wrong": admin("GET", "state", base=TOKEN_ENDPOINT, token=TOKEN + "x")[0],
        "right": admin("GET", "state", base=TOKEN_ENDPOINT, token=TOKEN)[0],
        "api": len(rekognition(endpoint=TOKEN_ENDPOINT).describe_project_versions(ProjectArn=PROJECT)["ProjectVersionDescriptions"]),
    }


@row
def seed_repeats():
    def session(endpoint):
        admin("POST", "reset", base=endpoint)
        client = rekognition(endpoint=endpoint)
        created = client.create_project_version(ProjectArn=PROJECT, VersionName="v1", OutputConfig=OUTPUT)
        failure(lambda: client.create_project_version(ProjectArn=PROJECT, VersionName="fixture-ThrottlingException", OutputConfig=OUTPUT))
        ids = [entry["id"] for entry in admin("GET", "requests", base=endpoint)[1]["requests"]]
        return {"arn": created["ProjectVersionArn"], "requestId": created["ResponseMetadata"]["RequestId"], "ids": ids}

    return {"a": session(SEEDED_A), "b": session(SEEDED_B)}


print(json.dumps(rows))
