# The repository's build: restores the local Cake tool and runs build/build.cake.
#   ./build.ps1 --target=Sample   build the bundled sample through the addin and print the cache report
#   ./build.ps1 --target=Test     build everything and run every test
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

if (-not $env:GOMODCACHE_TEST_GO -and -not (Get-Command go -ErrorAction SilentlyContinue)) {
    Write-Error "Go is not installed (no 'go' on PATH). Install Go 1.19 or later: https://go.dev/doc/install (Windows: winget install GoLang.Go)"
    exit 1
}

$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
dotnet tool restore | Out-Null
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
dotnet cake build/build.cake @args
exit $LASTEXITCODE
