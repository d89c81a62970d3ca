# The polyglot sample's build: restores Cake (a local tool) and runs build.cake with the given arguments.
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
if (-not (Get-Command go -ErrorAction SilentlyContinue)) {
    Write-Error "Go is not installed (no 'go' on PATH). Install Go 1.19 or later: https://go.dev/doc/install"
    exit 1
}
dotnet tool restore | Out-Null
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
dotnet cake build.cake @args
exit $LASTEXITCODE
