/// Ferry's version, the one place it is written: `ferry --version` prints it and every request to
/// Graph and Entra ID names it in its `User-Agent`.
public enum FerryVersion {
    /// The version of this build, semantic versioning.
    public static let current = "0.1.0"

    /// The `User-Agent` of every request Ferry sends: the product and its version, so that Microsoft
    /// support (and a tenant's own sign-in and audit logs) can tell Ferry's traffic apart.
    public static let userAgent = "Ferry/\(current)"
}
