// What a form shows after an API call: the errors of its fields (from the validation envelope),
// the error itself, and a line saying what was done.
import { useState } from 'react';
import { ApiError } from './api';

export function useFormStatus() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError>();
  const [done, setDone] = useState<string>();
  /** A new attempt: what the last one said is cleared. */
  const begin = () => {
    setErrors({});
    setError(undefined);
    setDone(undefined);
  };
  const fail = (err: unknown) => {
    if (err instanceof ApiError) setErrors(err.fieldErrors());
    setError(err instanceof ApiError ? err : new ApiError(0, String(err), undefined));
  };
  return { errors, error, done, setDone, begin, fail };
}
