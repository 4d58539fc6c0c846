// The parts of vscode-languageclient the extension uses, bundled apart (dist/languageClient.js)
// so that loading the extension does not compile the library; it is required after activation.
export { LanguageClient, TransportKind } from 'vscode-languageclient/node';
