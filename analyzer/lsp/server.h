#pragma once
// `boundwise lsp`: the language server (clangd's ClangdLSPServer). It maps LSP requests to
// runCheck() over the workspace with the open buffers as overlays, and findings to
// diagnostics and code actions. JSON stays in analyzer/lsp/; the analysis never sees it.
#include <iosfwd>

namespace boundwise {

// Serves one client until `exit` or end of input. Returns the process exit code: 0 when
// `exit` followed `shutdown`, 1 otherwise (LSP 3.17).
int runLanguageServer(std::istream &in, std::ostream &out);

}  // namespace boundwise
