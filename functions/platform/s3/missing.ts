// Adapter support (S3): whether an S3 error means the object is not there — shared by the document and report stores.
import { NoSuchKey, NotFound, S3ServiceException } from "@aws-sdk/client-s3";

/** NoSuchKey (GET), NotFound (HEAD), or any 404 from S3 or an S3-compatible server. */
export const missing = (error: unknown): boolean =>
  error instanceof NoSuchKey ||
  error instanceof NotFound ||
  (error instanceof S3ServiceException &&
    (error.name === "NoSuchKey" || error.name === "NotFound" || error.$metadata.httpStatusCode === 404));
