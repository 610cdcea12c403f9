import { Alert, Box } from '@mui/material';
import type { CertProblem } from '../../../../shared/types/cert';

/** Each problem in plain words, coloured by how bad it is. */
export function ProblemsList({ problems }: { problems: CertProblem[] }) {
  if (problems.length === 0) {
    return (
      <Alert severity="success" variant="outlined" sx={{ py: 0, fontSize: 12.5 }}>
        No problems found
      </Alert>
    );
  }
  return (
    <Box component="ul" aria-label="Problems" sx={{ listStyle: 'none', p: 0, m: 0, display: 'grid', gap: 0.75 }}>
      {problems.map((problem) => (
        <Box component="li" key={`${problem.code}-${problem.message}`}>
          <Alert severity={problem.severity} sx={{ py: 0, fontSize: 12.5, '& .MuiAlert-icon': { fontSize: 18, py: '7px' } }}>
            {problem.message}
          </Alert>
        </Box>
      ))}
    </Box>
  );
}
