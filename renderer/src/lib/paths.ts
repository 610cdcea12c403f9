/** An absolute path from a store root and a store-relative file, with the root's own separator (Windows or POSIX). */
export function joinStorePath(root: string, relative: string): string {
  const windows = root.includes('\\') && !root.includes('/');
  const sep = windows ? '\\' : '/';
  const rel = windows ? relative.replace(/\//g, '\\') : relative;
  return root.endsWith(sep) ? `${root}${rel}` : `${root}${sep}${rel}`;
}
