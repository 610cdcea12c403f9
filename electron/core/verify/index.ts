/** OPC UA certificate validation (Part 4 §6.1.3): what a server or client would decide about a certificate. */
export { verifyCertificate, type CertificateInput } from './verify-certificate';
export { NODE_OPCUA_NOTES } from './stack-notes';
