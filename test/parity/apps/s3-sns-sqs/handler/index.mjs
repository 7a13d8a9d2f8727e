// Each SQS record's body is the SNS envelope; its Message is the S3 event.
export const handler = async (event) => {
  for (const record of event.Records) {
    const s3Event = JSON.parse(JSON.parse(record.body).Message);
    for (const r of s3Event.Records ?? []) console.log('indexed', r.s3.object.key);
  }
};
