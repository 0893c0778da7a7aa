-- Neovim's own LSP client (0.7, headless) driving `quanze lsp` on the real plan:
-- tests/editors.rs runs `nvim --headless -u NONE -c "luafile tests/nvim/lsp.lua"` with
-- QUANZE_BIN and QUANZE_PLAN set. Prints "ok" and quits 0, or says what failed and quits 1.
local plan = os.getenv('QUANZE_PLAN')
local quanze = os.getenv('QUANZE_BIN')

local function fail(message)
  io.stderr:write('FAIL: ' .. message .. '\n')
  vim.cmd('cquit 1')
end

-- Never hang: a client that never answers fails the test.
vim.defer_fn(function() fail('timed out') end, 60000)

local function main()
  vim.cmd('edit ' .. vim.fn.fnameescape(plan))
  local buffer = vim.api.nvim_get_current_buf()
  local client = vim.lsp.start_client({
    name = 'quanze',
    cmd = { quanze, 'lsp' },
    root_dir = vim.fn.fnamemodify(plan, ':h'),
  })
  if not client then
    fail('the client did not start')
  end
  vim.lsp.buf_attach_client(buffer, client)

  local function has_gap()
    for _, diagnostic in ipairs(vim.diagnostic.get(buffer)) do
      local code = diagnostic.code
      if code == nil and diagnostic.user_data and diagnostic.user_data.lsp then
        code = diagnostic.user_data.lsp.code
      end
      if code == 'E0008' then
        return true
      end
    end
    return false
  end

  -- The real plan checks without an error.
  vim.wait(5000, function() return false end, 200)
  if has_gap() then
    fail('a gap in the real plan')
  end

  -- Take out the rule giving 盟市 its part of 战略规划政策: a gap, shown as typed.
  local rule = '§ "一(一)2" "将制定实施盟市知识产权战略'
  local lines = vim.api.nvim_buf_get_lines(buffer, 0, -1, false)
  local taken = nil
  for index, line in ipairs(lines) do
    if string.find(line, rule, 1, true) then
      taken = index
      break
    end
  end
  if not taken then
    fail('the rule is not in the plan')
  end
  vim.api.nvim_buf_set_lines(buffer, taken - 1, taken, false, {})
  if not vim.wait(10000, has_gap, 50) then
    fail('no E0008 after the rule was taken out')
  end

  -- Put it back: the gap goes.
  vim.api.nvim_buf_set_lines(buffer, taken - 1, taken - 1, false, { lines[taken] })
  if not vim.wait(10000, function() return not has_gap() end, 50) then
    fail('the E0008 stayed after the rule came back')
  end

  -- Rename the dimension 范围 from its declaration: every place follows, and the plan
  -- still checks without an error.
  for index, line in ipairs(vim.api.nvim_buf_get_lines(buffer, 0, -1, false)) do
    if string.find(line, '维度 范围', 1, true) == 1 then
      vim.api.nvim_win_set_cursor(0, { index, string.len('维度 ') })
      break
    end
  end
  vim.lsp.buf.rename('地域')
  local function renamed()
    local text = table.concat(vim.api.nvim_buf_get_lines(buffer, 0, -1, false), '\n')
    return string.find(text, '维度 地域', 1, true) ~= nil and string.find(text, '按 范围', 1, true) == nil
  end
  if not vim.wait(10000, renamed, 50) then
    fail('the dimension was not renamed everywhere')
  end
  local function no_error()
    for _, diagnostic in ipairs(vim.diagnostic.get(buffer)) do
      if diagnostic.severity == vim.diagnostic.severity.ERROR then
        return false
      end
    end
    return true
  end
  vim.wait(2000, function() return false end, 100)
  if not vim.wait(10000, no_error, 50) then
    fail('an error after the rename: ' .. vim.inspect(vim.diagnostic.get(buffer)))
  end

  -- Formatting: an untidy line comes back in the canonical layout.
  for index, line in ipairs(vim.api.nvim_buf_get_lines(buffer, 0, -1, false)) do
    if line == '层级 自治区 > 盟市' then
      vim.api.nvim_buf_set_lines(buffer, index - 1, index, false, { '层级   自治区>盟市' })
      vim.lsp.buf.formatting_sync(nil, 5000)
      local formatted = vim.api.nvim_buf_get_lines(buffer, index - 1, index, false)[1]
      if formatted ~= '层级 自治区 > 盟市' then
        fail('not formatted: ' .. tostring(formatted))
      end
      print('ok')
      vim.cmd('qall!')
    end
  end
  fail('no levels line')
end

-- A Lua error fails the test too, instead of leaving nvim waiting.
local ok, problem = pcall(main)
if not ok then
  fail(tostring(problem))
end
