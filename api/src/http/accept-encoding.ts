/**
 * Whether `Accept-Encoding` lists this coding with a non-zero weight (`br;q=0` refuses it). Used
 * by the static files (their precompressed copies) and the API's answers alike.
 */
export function acceptsEncoding(header: string | undefined, coding: string): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [name, ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    if (name !== coding) return false;
    const weight = params.find((p) => p.startsWith('q='));
    return weight === undefined || Number(weight.slice(2)) > 0;
  });
}
