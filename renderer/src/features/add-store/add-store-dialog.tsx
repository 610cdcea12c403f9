import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField, Typography } from '@mui/material';
import type { Detected } from '../../../../shared/ipc/contract';
import { LAYOUTS, isLayoutId, type LayoutId } from '../../../../shared/pki/layouts';
import { actions, appStore, useAppStore } from '../../store';

type Detection = { state: 'idle' } | { state: 'running' } | { state: 'done'; detected: Detected } | { state: 'failed'; message: string };

function baseName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  return trimmed.slice(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
}

/** Add PKI folder…: a path, its layout (detected, can be overridden) and a name. */
export function AddStoreDialog() {
  const open = useAppStore((s) => s.addStoreOpen);
  const [path, setPath] = useState('');
  const [layout, setLayout] = useState<LayoutId | ''>('');
  const [layoutTouched, setLayoutTouched] = useState(false);
  const [name, setName] = useState('');
  const [detection, setDetection] = useState<Detection>({ state: 'idle' });
  const [busy, setBusy] = useState(false);
  const detectedFor = useRef('');

  useEffect(() => {
    if (!open) return;
    setPath('');
    setLayout('');
    setLayoutTouched(false);
    setName('');
    setDetection({ state: 'idle' });
    detectedFor.current = '';
  }, [open]);

  const close = () => appStore.getState().setAddStoreOpen(false);

  async function detect(force = false) {
    const target = path.trim();
    if (!target || (!force && detectedFor.current === target)) return;
    detectedFor.current = target;
    setDetection({ state: 'running' });
    const result = await actions.detect(target);
    if (detectedFor.current !== target) return;
    if (!result.ok) {
      setDetection({ state: 'failed', message: result.error.message });
      return;
    }
    setDetection({ state: 'done', detected: result.value });
    if (!layoutTouched && result.value.layout && isLayoutId(result.value.layout)) setLayout(result.value.layout);
  }

  async function add() {
    const target = path.trim();
    if (!target) return;
    setBusy(true);
    const added = await actions.addStore({ path: target, layout: layout || undefined, name: name.trim() || undefined });
    setBusy(false);
    if (added) close();
  }

  const detectedText =
    detection.state === 'running'
      ? 'Detecting the layout…'
      : detection.state === 'failed'
        ? null
        : detection.state === 'done'
          ? detection.detected.layout
            ? `Detected ${LAYOUTS.find((l) => l.id === detection.detected.layout)?.label ?? detection.detected.layout} (${Math.round(detection.detected.confidence * 100)}%): found ${detection.detected.found.join(', ') || 'nothing'}`
            : 'No known layout found here: choose one, the missing folders will be created when needed.'
          : 'The layout is detected when you leave the field.';

  return (
    <Dialog open={open} onClose={close} fullWidth maxWidth="sm" aria-labelledby="add-store-title">
      <DialogTitle id="add-store-title">Add PKI folder</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1.5 }}>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
            <TextField
              label="Folder path"
              autoFocus
              value={path}
              placeholder="/opt/server/pki or C:\ProgramData\…\pki"
              onChange={(e) => setPath(e.target.value)}
              onBlur={() => void detect()}
              onKeyDown={(e) => {
                if (e.key === 'Enter') void detect(true);
              }}
              helperText="The folder that holds own/, trusted/, rejected/ (or the stack's equivalents)"
              slotProps={{ htmlInput: { spellCheck: false } }}
            />
            <Button variant="outlined" onClick={() => void detect(true)} disabled={!path.trim() || detection.state === 'running'} sx={{ mt: '2px', flexShrink: 0 }}>
              Detect
            </Button>
          </Stack>
          {detection.state === 'failed' ? (
            <Alert severity="warning">{detection.message}</Alert>
          ) : (
            <Typography variant="body2" color="text.secondary" role="status">
              {detectedText}
            </Typography>
          )}
          <TextField
            select
            label="Layout"
            value={layout}
            onChange={(e) => {
              setLayout(e.target.value as LayoutId | '');
              setLayoutTouched(true);
            }}
            helperText={layout ? LAYOUTS.find((l) => l.id === layout)?.description : 'Left empty, the server detects it'}
          >
            <MenuItem value="">
              <em>Detect automatically</em>
            </MenuItem>
            {LAYOUTS.map((l) => (
              <MenuItem key={l.id} value={l.id}>
                {l.label}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            label="Name"
            value={name}
            placeholder={baseName(path) || 'e.g. Line 3 SCADA server'}
            onChange={(e) => setName(e.target.value)}
            helperText={baseName(path) ? `How the folder is called in the tree (left empty: ${baseName(path)})` : 'How the folder is called in the tree'}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>Cancel</Button>
        <Button variant="contained" onClick={() => void add()} disabled={!path.trim() || busy}>
          Add
        </Button>
      </DialogActions>
    </Dialog>
  );
}
