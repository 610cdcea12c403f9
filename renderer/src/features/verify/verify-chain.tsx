import { Alert, Box, Chip, Typography } from '@mui/material';
import NorthIcon from '@mui/icons-material/North';
import type { VerifyChainLink } from '../../../../shared/types/verify';
import { formatDate } from '../../lib/format';
import { chainPlace, shortSha1 } from '../../lib/verify-trace';
import { MONO_FONT } from '../../theme';

function linkRole(link: VerifyChainLink, index: number): string {
  if (index === 0) return link.selfSigned ? 'Certificate (self-signed)' : 'Certificate';
  return link.selfSigned ? 'Root CA' : 'CA';
}

const PLACE_COLOR = { trusted: 'success', issuers: 'primary', rejected: 'error', own: 'default' } as const;

function PlaceChip({ link }: { link: VerifyChainLink }) {
  const first = link.folders[0];
  return <Chip label={chainPlace(link)} color={first ? PLACE_COLOR[first] : 'default'} variant="outlined" sx={{ height: 20, fontSize: 11, fontWeight: 600, color: first ? undefined : 'text.secondary' }} />;
}

/** The chain the engine built, leaf first, each link with where it is in the judging store. */
export function VerifyChain({ chain, complete, storeName }: { chain: VerifyChainLink[]; complete: boolean; storeName: string }) {
  if (chain.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No chain: the certificate cannot be read.
      </Typography>
    );
  }
  const last = chain[chain.length - 1]!;
  return (
    <>
      <Box component="ol" aria-label="Chain, leaf to root" sx={{ listStyle: 'none', m: 0, p: 0, display: 'grid', gap: 0.25 }}>
        {chain.map((link, index) => (
          <Box
            component="li"
            key={`${link.sha1}-${index}`}
            aria-label={`${linkRole(link, index)}: ${link.cn ?? link.subject}, ${chainPlace(link)}, valid until ${formatDate(link.notAfter)}`}
            sx={{ display: 'grid', gridTemplateColumns: '14px 150px minmax(0, 1fr)', columnGap: 1, alignItems: 'center' }}
          >
            {index > 0 ? <NorthIcon aria-hidden sx={{ fontSize: 13, color: 'text.disabled' }} /> : <span />}
            <Typography variant="caption" color="text.secondary">
              {linkRole(link, index)}
            </Typography>
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.75, flexWrap: 'wrap', minWidth: 0 }}>
              <Box component="span" sx={{ fontSize: 12.5, fontWeight: 650, overflowWrap: 'anywhere' }} title={link.subject}>
                {link.cn ?? link.subject}
              </Box>
              <Box component="span" sx={{ fontFamily: MONO_FONT, fontSize: 11, color: 'text.secondary' }}>
                {shortSha1(link.sha1)}
              </Box>
              <PlaceChip link={link} />
              <Typography component="span" variant="caption" color="text.secondary">
                until {formatDate(link.notAfter)}
              </Typography>
            </Box>
          </Box>
        ))}
      </Box>
      {!complete && (
        <Alert severity="warning" variant="outlined" sx={{ mt: 0.75, py: 0, fontSize: 12.5 }}>
          Incomplete: the issuer of {last.cn ?? last.subject} ({last.issuer}) is in neither Trusted nor Issuers of {storeName}.
        </Alert>
      )}
    </>
  );
}
