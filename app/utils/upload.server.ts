import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, type UploadHandler } from '@remix-run/node';

/**
 * A memory upload handler bounded across the whole request (not only per part), counted while
 * streaming: a request whose parts together exceed `maxBytes` (+ 64 KB for the other fields) is
 * refused with MaxPartSizeExceededError before it is read whole. Attachments and the cost import.
 */
export function boundedUploadHandler(maxBytes: number): UploadHandler {
  const limit = maxBytes + 64 * 1024;
  const memory = unstable_createMemoryUploadHandler({ maxPartSize: maxBytes });
  let total = 0;
  return (part) => {
    async function* counted() {
      for await (const chunk of part.data) {
        total += chunk.byteLength;
        if (total > limit) throw new MaxPartSizeExceededError(part.name, limit);
        yield chunk;
      }
    }
    return memory({ ...part, data: counted() });
  };
}

/**
 * Reads a multipart upload with `boundedUploadHandler(maxBytes)`: the form, or why not — 413 when
 * it is too large, 400 when it is not a readable multipart body (no boundary, cut off, malformed),
 * so that a broken upload is the client's error, never a 500.
 */
export async function readUpload(request: Request, maxBytes: number): Promise<{ ok: true; form: FormData } | { ok: false; status: 400 | 413 }> {
  try {
    return { ok: true, form: await unstable_parseMultipartFormData(request, boundedUploadHandler(maxBytes)) };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, status: 413 };
    if (error instanceof TypeError || (error instanceof Error && /multipart|form-?data|boundary|end of stream/i.test(error.message))) return { ok: false, status: 400 };
    throw error;
  }
}
