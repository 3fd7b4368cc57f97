/**
 * AWS protocol rules for the error type, as the Smithy protocol specifications define them
 * (https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html#operation-error-serialization,
 * https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html#operation-error-serialization):
 * the type comes from the `X-Amzn-Errortype` header, else the body's `code`, else its `__type`;
 * a value may carry a namespace prefix ending in `#` and a suffix starting with `:`, both dropped.
 * Services with the `awsQueryCompatible` trait also send `x-amzn-query-error: Code;Sender`, whose
 * code is the one their older Query API documented.
 */

const MAX_TYPE = 512;

/** The value (its first {@link MAX_TYPE} characters) up to the first `stop`. */
const upTo = (value: string, stop: string): string => {
  const raw = value.slice(0, MAX_TYPE);
  const at = raw.indexOf(stop);
  return at < 0 ? raw : raw.slice(0, at);
};

/**
 * The bare shape name of an AWS error type: `aws.protocoltests.restjson#FooError:http://...` ->
 * `FooError`. Cut at the first `:`, then keep what follows the first `#`.
 */
export const awsErrorType = (value: string): string | undefined => {
  const type = upTo(value, ":");
  return type.slice(type.indexOf("#") + 1).trim() || undefined;
};

/** The code of an `x-amzn-query-error: AWS.SimpleQueueService.NonExistentQueue;Sender` header. */
export const awsQueryErrorCode = (value: string): string | undefined => upTo(value, ";").trim() || undefined;

/** Whether a body value looks like a Smithy shape id (`namespace#Name`, optionally `:suffix`). */
export const isShapeId = (value: string): boolean =>
  value.length <= MAX_TYPE && /^[A-Za-z_][\w.]*#\w+(?::|$)/.test(value);
