/**
 * @faultline/axios: typed Faultline errors, retries by the server's hints and single-flight auth
 * refresh on your own axios instances. `withFaultline` installs two interceptors; `fromAxiosError`
 * and `decodeAxiosError` convert a single rejection.
 *
 * @since 0.1.0
 */
export { decodeAxiosError, fromAxiosError } from "./fromAxiosError";
export type {
  AuthRefresh,
  AxiosFaultlineError,
  BeforeRequestContext,
  BeforeRetryContext,
  ConvertOptions,
  ErrorContext,
  FaultlineOptions,
  Hooks,
  RefreshContext,
} from "./options";
export { type FaultlineInstance, withFaultline } from "./withFaultline";
