// Starts the Go service that 'dotnet build' put beside this program and prints what it says.
using System.Diagnostics;

var service = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "service.exe" : "service");
using var process = Process.Start(new ProcessStartInfo(service) { RedirectStandardOutput = true })!;
Console.WriteLine("The Go service says: " + process.StandardOutput.ReadToEnd().Trim());
process.WaitForExit();
return process.ExitCode;
