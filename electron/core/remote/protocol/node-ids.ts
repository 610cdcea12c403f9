/**
 * The standard nodes of OPC UA Part 12 push management (namespace 0), the same on every compliant
 * server: the client calls them, the demo server binds them.
 */
export const PUSH_NODES = {
  serverConfiguration: 'ns=0;i=12637',
  updateCertificate: 'ns=0;i=13737',
  applyChanges: 'ns=0;i=12740',
  createSigningRequest: 'ns=0;i=12737',
  getRejectedList: 'ns=0;i=12777',
  defaultApplicationGroup: 'ns=0;i=14156',
  /** ServerConfiguration.CertificateGroups.DefaultApplicationGroup.TrustList and its members. */
  trustList: 'ns=0;i=12642',
  trustListSize: 'ns=0;i=12643',
  trustListOpenCount: 'ns=0;i=12646',
  trustListWritable: 'ns=0;i=14157',
  trustListUserWritable: 'ns=0;i=14158',
  trustListLastUpdateTime: 'ns=0;i=12662',
  open: 'ns=0;i=12647',
  close: 'ns=0;i=12650',
  read: 'ns=0;i=12652',
  write: 'ns=0;i=12655',
  getPosition: 'ns=0;i=12657',
  setPosition: 'ns=0;i=12660',
  openWithMasks: 'ns=0;i=12663',
  closeAndUpdate: 'ns=0;i=12666',
  addCertificate: 'ns=0;i=12668',
  removeCertificate: 'ns=0;i=12670',
  /** CertificateTypes: the abstract application type and RSA-SHA256 (Part 12 §7.8.4). */
  applicationCertificateType: 'ns=0;i=12557',
  rsaSha256ApplicationCertificateType: 'ns=0;i=12560',
} as const;

/** FileType Open modes (Part 5 §C.2.1); a TrustList supports Read and Write+EraseExisting only (Part 12 §7.8.2.1). */
export const OpenFileMode = { Read: 1, Write: 2, EraseExisting: 4, Append: 8 } as const;
