// S3 ObjectCreated (images/*.jpg|png) -> a thumbnail in THUMBNAIL_BUCKET under thumbnails/,
// and the image's metadata in METADATA_TABLE. Idempotent: S3 may deliver an event twice, and
// the same key always produces the same thumbnail object and the same metadata item.
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import sharp from 'sharp';

const s3 = new S3Client({});
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const WIDTH = Number(process.env.THUMBNAIL_WIDTH ?? '256');
const MAX_BYTES = 50 * 1024 * 1024;

/** The thumbnail key of an upload: images/a/b.jpg -> thumbnails/a/b.jpg */
export function thumbnailKey(key) {
  return key.replace(/^images\//, 'thumbnails/');
}

export const handler = async (event) => {
  const results = [];
  for (const record of event.Records ?? []) {
    const bucket = record.s3.bucket.name;
    // Keys arrive URL-encoded, with '+' for spaces.
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    if (record.s3.object.size > MAX_BYTES) {
      console.warn(JSON.stringify({ level: 'warn', key, size: record.s3.object.size, message: 'image too large, skipped' }));
      continue;
    }
    const original = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const input = Buffer.from(await original.Body.transformToByteArray());
    const image = sharp(input);
    const info = await image.metadata();
    const thumbnail = await image.resize({ width: WIDTH, withoutEnlargement: true }).toBuffer();
    const target = thumbnailKey(key);
    await s3.send(new PutObjectCommand({ Bucket: process.env.THUMBNAIL_BUCKET, Key: target, Body: thumbnail, ContentType: original.ContentType }));
    await db.send(
      new PutCommand({
        TableName: process.env.METADATA_TABLE,
        Item: { key, thumbnailKey: target, format: info.format, width: info.width, height: info.height, bytes: input.length, etag: record.s3.object.eTag },
      }),
    );
    results.push({ key, thumbnailKey: target });
  }
  console.log(JSON.stringify({ level: 'info', processed: results.length }));
  return { processed: results };
};
