-- Run by neovim.test: start boundwise lsp through Neovim's own client, attach it to the
-- buffer and wait for its diagnostic. Exits 0 when it arrived as expected, else 1 (cquit).
local function fail(message)
  io.stderr:write('neovim.test: ' .. message .. '\n')
  vim.cmd('cquit 1')
end

local bufnr = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = 'boundwise',
  cmd = { os.getenv('BOUNDWISE_BIN'), 'lsp' },
  root_dir = vim.fn.getcwd(),
})
if not client_id then fail('vim.lsp.start_client failed') end
vim.lsp.buf_attach_client(bufnr, client_id)

local arrived = vim.wait(10000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
if not arrived then fail('no diagnostic from boundwise within 10 s') end
local d = vim.diagnostic.get(bufnr)[1]
local got = string.format('%s %s line %d col %d severity %d', d.source, tostring(d.code), d.lnum, d.col, d.severity)
local want = 'boundwise BW201 line 4 col 4 severity 2'
if got ~= want then fail('got "' .. got .. '", want "' .. want .. '"') end
io.stdout:write('neovim.test: OK: ' .. got .. '\n')
vim.lsp.stop_client(client_id)
vim.cmd('qa!')
