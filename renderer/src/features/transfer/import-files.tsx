import { useRef } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, FormControl, FormControlLabel, FormLabel, MenuItem, Radio, RadioGroup, Stack, TextField, Typography } from '@mui/material';
import { readFilesAsBase64 } from '../../lib/platform';
import { actions, appStore, useAppStore } from '../../store';
import { parseKey } from '../../store/keys';
import type { ImportFolder, ImportTarget } from '../../store/ui-slice';
import { foldersOf, FOLDER_LABEL } from '../stores-tree/tree-model';

export const IMPORT_ACCEPT = '.der,.pem,.crt,.cer,.crl';
const IMPORT_INPUT_ID = 'import-files-input';

/** Default import target: the selected folder if it takes imports, else the selected (or first writable) store's Trusted. */
export function defaultImportTarget(): ImportTarget | null {
  const state = appStore.getState();
  const key = state.selected[0] ?? state.focused;
  const parsed = key ? parseKey(key) : null;
  const selectedStore = parsed ? state.stores.find((s) => s.id === parsed.storeId && s.writable) : undefined;
  const store = selectedStore ?? state.stores.find((s) => s.writable);
  if (!store) return null;
  let folder: ImportFolder = 'trusted';
  if (selectedStore && parsed?.type === 'folder' && parsed.folder !== 'own') folder = parsed.folder;
  return { storeId: store.id, folder };
}

export function chooseImportFiles(): void {
  document.getElementById(IMPORT_INPUT_ID)?.click();
}

/** The hidden file input every Import… uses; files go to the current import target. */
export function ImportInput() {
  const ref = useRef<HTMLInputElement>(null);
  return (
    <input
      ref={ref}
      id={IMPORT_INPUT_ID}
      type="file"
      multiple
      accept={IMPORT_ACCEPT}
      aria-label="Certificate files to import"
      hidden
      onChange={async (event) => {
        const input = event.currentTarget;
        const files = Array.from(input.files ?? []);
        input.value = '';
        const state = appStore.getState();
        const target = state.importTarget ?? defaultImportTarget();
        state.openImportDialog(null);
        if (!target || files.length === 0) {
          if (!target) state.notify({ severity: 'warning', message: 'There is no PKI folder to import into', hint: 'Add PKI folder… first.' });
          return;
        }
        await actions.importFiles(target, await readFilesAsBase64(files));
      }}
    />
  );
}

/** Import…: pick the store and folder, then the files. */
export function ImportDialog() {
  const target = useAppStore((s) => s.importDialog);
  const stores = useAppStore((s) => s.stores);
  const writable = stores.filter((s) => s.writable);
  const store = writable.find((s) => s.id === target?.storeId);
  const folders = (store ? foldersOf(store) : []).filter((f): f is ImportFolder => f !== 'own');
  const state = appStore.getState();
  const update = (next: ImportTarget) => state.openImportDialog(next);
  return (
    <Dialog open={target !== null} onClose={() => state.openImportDialog(null)} fullWidth maxWidth="xs" aria-labelledby="import-title">
      <DialogTitle id="import-title">Import certificates</DialogTitle>
      <DialogContent>
        {target && (
          <Stack spacing={2} sx={{ pt: 1.5 }}>
            <TextField select label="Into PKI folder" value={store?.id ?? ''} onChange={(e) => update({ storeId: e.target.value, folder: target.folder })}>
              {writable.map((s) => (
                <MenuItem key={s.id} value={s.id}>
                  {s.name}
                </MenuItem>
              ))}
            </TextField>
            <FormControl>
              <FormLabel id="import-folder-label" sx={{ fontSize: 12.5 }}>
                Folder
              </FormLabel>
              <RadioGroup row aria-labelledby="import-folder-label" value={target.folder} onChange={(e) => update({ storeId: target.storeId, folder: e.target.value as ImportFolder })}>
                {folders.map((f) => (
                  <FormControlLabel key={f} value={f} control={<Radio size="small" />} label={FOLDER_LABEL[f]} />
                ))}
              </RadioGroup>
            </FormControl>
            <Typography variant="body2" color="text.secondary">
              DER or PEM certificates and CRLs (.der .pem .crt .cer .crl); PEM bundles are split. Imported files are written right away. You can also drop files on a folder in the tree.
            </Typography>
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={() => state.openImportDialog(null)}>Cancel</Button>
        <Button variant="contained" disabled={!store} onClick={chooseImportFiles}>
          Choose files…
        </Button>
      </DialogActions>
    </Dialog>
  );
}
