// Subinterp drives CPython through libc and Linux process APIs; its tests run on Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
// The end-to-end classes run `dotnet build` and `dotnet test` on the sample project, each using
// every core; side by side they would slow each other's timed modules and fight over builds.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
