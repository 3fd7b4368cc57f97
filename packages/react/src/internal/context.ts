import { createContext } from "react";

/** The nearest boundary's reset, for `useApiErrorBoundary().resetBoundary`. */
export const BoundaryContext = createContext<{ readonly reset: () => void } | null>(null);
