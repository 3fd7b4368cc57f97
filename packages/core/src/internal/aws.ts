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

/**
 * The bare shape name of an AWS error type: `aws.protocoltests.restjson#FooError:http://...` ->
 * `FooError`. Cut at the first `:`, then keep what follows the first `#`.
 */
export const awsErrorType = (value: string): string | undefined => {
  const raw = value.length > MAX_TYPE ? value.slice(0, MAX_TYPE) : value;
  const colon = raw.indexOf(":");
  const withoutSuffix = colon === -1 ? raw : raw.slice(0, colon);
  const hash = withoutSuffix.indexOf("#");
  const name = (hash === -1 ? withoutSuffix : withoutSuffix.slice(hash + 1)).trim();
  return name === "" ? undefined : name;
};

/** The code of an `x-amzn-query-error: AWS.SimpleQueueService.NonExistentQueue;Sender` header. */
export const awsQueryErrorCode = (value: string): string | undefined => {
  const raw = value.length > MAX_TYPE ? value.slice(0, MAX_TYPE) : value;
  const semicolon = raw.indexOf(";");
  const code = (semicolon === -1 ? raw : raw.slice(0, semicolon)).trim();
  return code === "" ? undefined : code;
};

/** Whether a body value looks like a Smithy shape id (`namespace#Name`, optionally `:suffix`). */
export const isShapeId = (value: string): boolean =>
  value.length <= MAX_TYPE && /^[A-Za-z_][\w.]*#\w+(?::|$)/.test(value);
