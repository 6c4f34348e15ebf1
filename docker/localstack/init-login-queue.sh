#!/bin/bash
# LocalStack ready hook: docker-compose.yml mounts it in /etc/localstack/init/ready.d/. Creates
# login-queue and sends it the take-home's sample, one message per line of the file, which is what
# the take-home's own LocalStack image held. The compose health check waits for this script to end
# well; it fails (and LocalStack reports it as ERROR) unless the queue then holds every line more.
set -euo pipefail

queue="${LOGIN_QUEUE:-login-queue}"
sample="${LOGIN_QUEUE_SAMPLE:-/opt/login-etl/sample_messages.jsonl}"
# LocalStack files the access key "test" under account 000000000000, as the take-home has it; the
# app uses the same key.
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1

url="$(awslocal sqs create-queue --queue-name "$queue" --query QueueUrl --output text)"
held() {
  awslocal sqs get-queue-attributes --queue-url "$url" --attribute-names ApproximateNumberOfMessages \
    --query Attributes.ApproximateNumberOfMessages --output text
}
before="$(held)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# SendMessageBatch takes 10 messages; each line becomes one JSON string. Quotes and backslashes are
# all a line of printable text needs escaped; a line with control characters is refused instead.
lines=0
batch=""
send() {
  printf '[%s]' "$batch" > "$work/entries.json"
  awslocal sqs send-message-batch --queue-url "$url" --entries "file://$work/entries.json" > /dev/null
  batch=""
}
while IFS= read -r line || [ -n "$line" ]; do
  [ -n "$line" ] || continue
  if [[ "$line" == *[[:cntrl:]]* ]]; then
    echo "login-queue init: line $((lines + 1)) of $sample has a control character" >&2
    exit 1
  fi
  lines=$((lines + 1))
  body="${line//\\/\\\\}"
  body="${body//\"/\\\"}"
  batch="${batch:+$batch,}{\"Id\":\"m$lines\",\"MessageBody\":\"$body\"}"
  if (( lines % 10 == 0 )); then send; fi
done < "$sample"
if [ -n "$batch" ]; then send; fi

after="$(held)"
if [ "$after" != "$((before + lines))" ]; then
  echo "login-queue init: $queue holds $after messages, expected $before + $lines from $sample" >&2
  exit 1
fi
echo "login-queue init: sent the $lines messages of $sample to $queue"
