# Installs phicode.exe on Windows x64, without administrator rights (Windows PowerShell 5.1 or
# PowerShell 7):
#
#   irm https://github.com/phicode-dev/phicode/releases/latest/download/install.ps1 | iex
#   & ([scriptblock]::Create((irm https://github.com/phicode-dev/phicode/releases/latest/download/install.ps1))) -Version 0.2.0
#   .\install.ps1 -Uninstall
#
# Environment: PHICODE_VERSION, PHICODE_INSTALL (default %USERPROFILE%\.phicode\bin),
# PHICODE_DOWNLOAD_URL (a URL or a local folder holding the archive and SHA256SUMS; it replaces
# the GitHub release URL, so it already names a version), PHICODE_NO_MODIFY_PATH=1.

param(
  [string]$Version = $env:PHICODE_VERSION,
  [switch]$Uninstall,
  [switch]$NoModifyPath
)

$ErrorActionPreference = 'Stop'
$Releases = 'https://github.com/phicode-dev/phicode/releases'
$Archive = 'phicode-windows-x64.zip'
$InstallDir = if ($env:PHICODE_INSTALL) { $env:PHICODE_INSTALL } else { Join-Path $env:USERPROFILE '.phicode\bin' }
$InstallDir = [IO.Path]::GetFullPath($InstallDir)
$Exe = Join-Path $InstallDir 'phicode.exe'

function Say([string]$Message) { Write-Host "phicode: $Message" }

function Get-UserPath { [Environment]::GetEnvironmentVariable('Path', 'User') }

function Set-UserPath([string[]]$Entries) {
  [Environment]::SetEnvironmentVariable('Path', (($Entries | Where-Object { $_ }) -join ';'), 'User')
}

if ($Uninstall) {
  Remove-Item -Force -ErrorAction SilentlyContinue $Exe
  $kept = @((Get-UserPath) -split ';' | Where-Object { $_ -and ($_.TrimEnd('\') -ne $InstallDir.TrimEnd('\')) })
  Set-UserPath $kept
  Say "removed $Exe and its PATH entry"
  return
}

# Windows on Arm runs the x64 build through its emulation; 32-bit Windows cannot.
if (-not [Environment]::Is64BitOperatingSystem) { throw 'phicode: phicode is built for 64-bit Windows (x64) only' }

# Windows PowerShell 5.1 offers TLS 1.0 first; GitHub needs 1.2.
[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12

$Version = "$Version".TrimStart('v')
if ($Version -and $Version -notmatch '^[0-9A-Za-z.+-]+$') { throw "phicode: invalid version '$Version': expected something like 0.2.0" }
$Base = if ($env:PHICODE_DOWNLOAD_URL) { $env:PHICODE_DOWNLOAD_URL.TrimEnd('/', '\') }
        elseif ($Version) { "$Releases/download/v$Version" }
        else { "$Releases/latest/download" }

$Temp = Join-Path ([IO.Path]::GetTempPath()) ("phicode-install-" + [Guid]::NewGuid())
New-Item -ItemType Directory -Path $Temp | Out-Null
try {
  foreach ($name in @($Archive, 'SHA256SUMS')) {
    $to = Join-Path $Temp $name
    if (Test-Path -LiteralPath $Base -PathType Container) { Copy-Item -LiteralPath (Join-Path $Base $name) $to }
    else { Invoke-WebRequest -UseBasicParsing -Uri "$Base/$name" -OutFile $to }
  }

  $line = Get-Content (Join-Path $Temp 'SHA256SUMS') | Where-Object { $_ -match "^[0-9a-f]{64}\s+\*?$([regex]::Escape($Archive))$" }
  if (-not $line) { throw "phicode: SHA256SUMS has no entry for $Archive" }
  $expected = ($line -split '\s+')[0]
  $actual = (Get-FileHash -Algorithm SHA256 (Join-Path $Temp $Archive)).Hash.ToLowerInvariant()
  if ($actual -ne $expected) { throw "phicode: checksum mismatch for ${Archive}: got $actual, expected $expected; nothing was installed" }

  Expand-Archive -Path (Join-Path $Temp $Archive) -DestinationPath (Join-Path $Temp 'unpacked')
  $staged = Join-Path $Temp 'unpacked\phicode.exe'
  # Its checksum matched the release: drop a Mark of the Web, so SmartScreen does not stop it.
  Unblock-File -LiteralPath $staged
  $reported = & $staged --version
  if ($LASTEXITCODE -ne 0) { throw "phicode: the downloaded phicode.exe does not run here (exit $LASTEXITCODE)" }

  New-Item -ItemType Directory -Force -Path $InstallDir | Out-Null
  Move-Item -Force -LiteralPath $staged -Destination $Exe
  Say "installed $reported as $Exe"
} finally {
  Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $Temp
}

$onPath = ((Get-UserPath) -split ';') | Where-Object { $_ -and ($_.TrimEnd('\') -eq $InstallDir.TrimEnd('\')) }
if ($onPath) { return }
if ($NoModifyPath -or $env:PHICODE_NO_MODIFY_PATH -eq '1') {
  Say "add $InstallDir to your PATH to run phicode"
} else {
  Set-UserPath (@((Get-UserPath) -split ';') + $InstallDir)
  Say "added $InstallDir to your user PATH; open a new terminal to use phicode"
}
