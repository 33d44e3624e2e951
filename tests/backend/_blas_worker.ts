// Opens the BLAS library inside a worker (see blas_pin_test.ts), then reports its path.
import { openBlas } from "../../lib/backend/blas.ts";
const blas = openBlas();
(self as unknown as { postMessage(message: string): void }).postMessage(blas.path);
