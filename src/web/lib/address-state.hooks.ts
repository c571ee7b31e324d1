import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';

/**
 * A page's choices (filters, a selection) kept in the address so a view can be bookmarked: read from it when the page
 * opens, then kept in React state (so a radio button or select shows the person's choice at once, and two changes
 * before the next render both hold), and written back to the address, replacing the entry (Back leaves the page
 * rather than undoing a choice).
 */
export function useAddressState<T>(fromParams: (params: URLSearchParams) => T, toParams: (value: T) => Record<string, string>) {
  const [params, setParams] = useSearchParams();
  const [value, setValue] = useState(() => fromParams(params));
  const search = new URLSearchParams(toParams(value)).toString();
  useEffect(() => {
    if (search !== params.toString()) setParams(search, { replace: true });
    // Only a new value writes the address; `params` and `setParams` change whenever it does.
  }, [search]);
  return [value, setValue] as const;
}
