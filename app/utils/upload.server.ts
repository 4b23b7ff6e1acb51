import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, type UploadHandler } from '@remix-run/node';

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
