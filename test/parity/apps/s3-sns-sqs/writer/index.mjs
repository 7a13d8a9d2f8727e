// Writes a marker next to each raw upload, under processed/ (outside the notification's prefix).
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';

const s3 = new S3Client({});

export const handler = async (event) => {
  for (const r of event.Records) {
    const key = decodeURIComponent(r.s3.object.key.replace(/\+/g, ' '));
    await s3.send(new PutObjectCommand({ Bucket: process.env.BUCKET, Key: `processed/${key.slice('raw/'.length)}.done`, Body: '' }));
  }
};
