export { LocalCa, type InitCaOptions } from './local-ca';
export { deployCa, type DeployTarget } from './deploy';
export { CA_FILES } from './ca-files';
