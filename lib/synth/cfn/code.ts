import type { CodeModel } from '../../model/types.js';
import { ASSET_BUCKET_PARAMETER, assetKey, type RenderContext } from '../render-context.js';

/** `Code` of an `AWS::Lambda::Function` (or `Content` of a layer, with `inlineKey` unused). */
export function s3Code(code: CodeModel, ctx: RenderContext): Record<string, unknown> {
  switch (code.kind) {
    case 'asset':
      return { S3Bucket: { Ref: ASSET_BUCKET_PARAMETER }, S3Key: assetKey(code.assetId) };
    case 'bucket':
      return { S3Bucket: ctx.value(code.bucket), S3Key: ctx.value(code.key), S3ObjectVersion: code.objectVersion };
    case 'inline':
      return { ZipFile: code.source };
  }
}
