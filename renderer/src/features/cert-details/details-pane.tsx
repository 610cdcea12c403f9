import { useDeferredValue, useMemo } from 'react';
import { Box, Typography } from '@mui/material';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store';
import { parseKey } from '../../store/keys';
import { locateEntry } from '../../store/selectors';
import { CertDetails } from './cert-details';
import { CrlDetails, UnreadableDetails } from './crl-details';
import { FolderDetails, MultiSelectionDetails, StoreDetails } from './node-details';
import { DETAILS_PANE_ID } from './show-details';

function Placeholder({ text }: { text: string }) {
  return (
    <Box sx={{ height: '100%', display: 'grid', placeItems: 'center', color: 'text.secondary', p: 3, textAlign: 'center' }}>
      <Typography variant="body2">{text}</Typography>
    </Box>
  );
}

/** The right pane: what the selected node is, in full. */
export function DetailsPane() {
  const stores = useAppStore((s) => s.stores);
  // Deferred: holding an arrow key in the tree stays smooth, the details catch up.
  const selected = useDeferredValue(useAppStore(useShallow((s) => s.selected)));
  const content = useMemo(() => {
    if (selected.length === 0) return <Placeholder text="Select a certificate to see its subject, ApplicationUri, validity, thumbprints and problems." />;
    const located = selected.map((key) => locateEntry({ stores }, key)).filter((x) => x !== null);
    if (selected.length > 1 && located.length > 1) return <MultiSelectionDetails entries={located} />;
    const key = selected[selected.length - 1]!;
    const parsed = parseKey(key);
    if (!parsed) return null;
    const store = stores.find((s) => s.id === parsed.storeId);
    if (!store) return <Placeholder text="This PKI folder is no longer in the list." />;
    if (parsed.type === 'store') return <StoreDetails store={store} />;
    if (parsed.type === 'folder') return <FolderDetails store={store} folder={parsed.folder} />;
    const one = located[located.length - 1] ?? locateEntry({ stores }, key);
    if (!one) return <Placeholder text="This file is no longer there: it was moved or deleted on disk." />;
    switch (one.entry.kind) {
      case 'certificate':
        return <CertDetails located={one} cert={one.entry} />;
      case 'crl':
        return <CrlDetails located={one} crl={one.entry} />;
      case 'unreadable':
        return <UnreadableDetails located={one} entry={one.entry} />;
    }
  }, [selected, stores]);
  return (
    <Box id={DETAILS_PANE_ID} component="aside" aria-label="Details" tabIndex={-1} sx={{ height: '100%', overflow: 'auto', px: 3, py: 2, outline: 'none' }}>
      {content}
    </Box>
  );
}
