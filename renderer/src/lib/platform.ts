/** The few browser facilities actions need, behind an interface so tests can pass their own. */
export interface Platform {
  download(name: string, base64: string, mime: string): void;
  copyText(text: string): Promise<boolean>;
}

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

/** Reads files the user picked or dropped, as the base64 `certs:import` takes. */
export async function readFilesAsBase64(files: Iterable<File>): Promise<{ name: string; base64: string }[]> {
  return Promise.all([...files].map(async (file) => ({ name: file.name, base64: bytesToBase64(new Uint8Array(await file.arrayBuffer())) })));
}

export const browserPlatform: Platform = {
  download(name, base64, mime) {
    const url = URL.createObjectURL(new Blob([base64ToBytes(base64)], { type: mime || 'application/octet-stream' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.style.display = 'none';
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
  async copyText(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Clipboard API refused (no permission, no focus): the old way still works in most browsers.
      const area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.style.position = 'fixed';
      area.style.opacity = '0';
      document.body.append(area);
      area.select();
      const done = document.execCommand('copy');
      area.remove();
      return done;
    }
  },
};
