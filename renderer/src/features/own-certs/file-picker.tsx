import { Button, Stack, Typography } from '@mui/material';
import type { OwnCertFile } from '../../../../shared/types/own-certs';
import { readFilesAsBase64 } from '../../lib/platform';

/** A button that opens the file chooser, with the chosen file's name next to it. */
export function FilePicker({ label, accept, file, onFile }: { label: string; accept: string; file: OwnCertFile | null; onFile: (file: OwnCertFile | null) => void }) {
  return (
    <FilesPicker label={label} accept={accept} files={file ? [file] : []} onFiles={(files) => onFile(files[0] ?? null)} />
  );
}

/** The same for several files (a certificate with its issuers and CRLs); a new choice replaces the list. */
export function FilesPicker({ label, accept, files, onFiles, multiple = false }: { label: string; accept: string; files: OwnCertFile[]; onFiles: (files: OwnCertFile[]) => void; multiple?: boolean }) {
  return (
    <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', minWidth: 0 }}>
      <Button variant="outlined" component="label" sx={{ flexShrink: 0, minWidth: 190 }}>
        {label}
        <input
          hidden
          type="file"
          aria-label={label}
          accept={accept}
          multiple={multiple}
          onChange={async (e) => {
            onFiles(await readFilesAsBase64(e.target.files ?? []));
            e.target.value = '';
          }}
        />
      </Button>
      <Typography variant="body2" color={files.length ? 'text.primary' : 'text.secondary'} noWrap title={files.map((f) => f.name).join(', ')}>
        {files.length ? files.map((f) => f.name).join(', ') : multiple ? 'No files chosen' : 'No file chosen'}
      </Typography>
    </Stack>
  );
}
