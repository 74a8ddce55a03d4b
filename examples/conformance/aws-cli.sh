#!/bin/sh
# A rekognition-edge conformance driver for the AWS CLI (the driver contract: docs/conformance.md).
#   rekognition-edge conformance -- sh examples/conformance/aws-cli.sh
# Endpoint (AWS_ENDPOINT_URL), region and credentials come from the environment; the CLI's defaults otherwise.
set -e
aws rekognition create-project-version --output text \
  --project-arn "$REKOGNITION_EDGE_PROJECT_ARN" \
  --version-name "$REKOGNITION_EDGE_VERSION_NAME" \
  --output-config "S3Bucket=$REKOGNITION_EDGE_OUTPUT_BUCKET"
if [ "$REKOGNITION_EDGE_ACTION" = "create-and-wait" ]; then
  aws rekognition wait project-version-training-completed \
    --project-arn "$REKOGNITION_EDGE_PROJECT_ARN" \
    --version-names "$REKOGNITION_EDGE_VERSION_NAME"
fi
