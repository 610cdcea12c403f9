import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { LAYOUTS, type LayoutId } from '../../../shared/pki/layouts';

export interface LayoutScore {
  layout: LayoutId;
  /** 0..1: how well the folders on disk match the profile (Jaccard index). */
  confidence: number;
}

export interface Detection {
  /** The folder the layout was found in: the given one or, e.g. for `pki/`, one level down. */
  root: string;
  layout: LayoutId | null;
  confidence: number;
  /** Known folders that exist, relative to `root`. */
  found: string[];
  scores: LayoutScore[];
}

const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

const ALL_PATHS = [...new Set(LAYOUTS.flatMap((l) => Object.values(l.folders)))];

/** Known folders that exist; a folder whose known sub-folder exists counts as the sub-folder only. */
function existingLeaves(root: string): Set<string> {
  const existing = ALL_PATHS.filter((rel) => isDir(path.join(root, rel)));
  return new Set(existing.filter((rel) => !existing.some((other) => other.startsWith(`${rel}/`))));
}

function scoreRoot(root: string): Detection {
  const found = existingLeaves(root);
  const scores = LAYOUTS.map((layout) => {
    const own = new Set(Object.values(layout.folders));
    const matched = [...own].filter((rel) => found.has(rel)).length;
    const union = new Set([...own, ...found]).size;
    return { layout: layout.id, confidence: union === 0 ? 0 : Math.round((matched / union) * 100) / 100 };
  }).sort((a, b) => b.confidence - a.confidence);
  const best = scores[0];
  return {
    root,
    layout: best && best.confidence > 0 ? best.layout : null,
    confidence: best?.confidence ?? 0,
    found: [...found].sort(),
    scores,
  };
}

/** Says which profile a folder follows by scoring the folders each profile expects; also looks one level down. */
export function detectLayout(root: string): Detection {
  const here = scoreRoot(root);
  if (here.confidence >= 0.75) return here;
  let best = here;
  let children: string[] = [];
  try {
    children = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).slice(0, 50);
  } catch {
    return here;
  }
  for (const child of children) {
    const below = scoreRoot(path.join(root, child));
    if (below.confidence > best.confidence) best = below;
  }
  return best;
}
