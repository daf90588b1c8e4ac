// Workbench: the routes — sign-in, the public portal's pages without it, and inside the layout every area's pages
// (src/areas/all.ts), each loaded lazily as a chunk of its own.
import { lazy, Suspense, useEffect, useState } from "react";
import { Navigate, Route, Routes, useLocation, useNavigate } from "react-router";
import { signedOutEvent } from "./api/client.ts";
import { areas } from "./areas/all.ts";
import { completeOidcSignIn, publishedSignIn } from "./auth/oidc-browser.ts";
import { who } from "./auth.ts";
import { config } from "./config.ts";
import { completeHostedSignIn } from "./hosted-ui.ts";
import { Frame, PageLoading } from "./layout.tsx";

const SignIn = lazy(() => import("./pages/SignIn.tsx"));
const NotFound = lazy(() => import("./pages/NotFound.tsx"));

/**
 * The return from a sign-in page, completed once per page load (the code is single-use, and React may run an
 * effect twice): the page to go to, undefined when this was not a return, or the reason it failed.
 */
let completion: Promise<string | undefined> | undefined;

async function completeSignIn(): Promise<string | undefined> {
  if (config.signIn === "cognito" && config.cognito)
    return (await completeHostedSignIn(config.cognito)) ? "/tasks" : undefined;
  const settings = config.oidc ?? (await publishedSignIn(`${config.apiBase}/console/config.json`));
  return settings ? completeOidcSignIn(settings) : undefined;
}

/** Inside the layout, signed in; otherwise to sign-in, coming back here afterwards. */
function SignedIn({ children }: { children: React.ReactNode }) {
  const location = useLocation();
  if (!who()) {
    const back = `${location.pathname}${location.search}`;
    return <Navigate to={`/signin?${new URLSearchParams({ next: back })}`} replace />;
  }
  return (
    <Frame>
      <Suspense fallback={<PageLoading />}>{children}</Suspense>
    </Frame>
  );
}

export function AppRoutes() {
  const navigate = useNavigate();
  // Back from the sign-in page of the Hosted UI or an OpenID Connect issuer (?code= or ?error=): exchange the code for
  // the ID token before anything else is shown; a failed sign-in goes back to the sign-in page with the reason.
  // Until the router has left the return address, nothing else renders (its "/" would redirect first).
  // (With hash routing the return's ?code= is in the page's address, not the router's: the first location's key
  // stands for the return until the router moves on.)
  const location = useLocation();
  const [returnKey] = useState(() =>
    /[?&](code|error)=/.test(window.location.search) || /[?&](code|error)=/.test(location.search)
      ? location.key
      : undefined,
  );
  const returning = returnKey !== undefined && location.key === returnKey;
  useEffect(() => {
    if (!returning) return;
    let current = true;
    completion ??= completeSignIn();
    completion.then(
      (next) => current && navigate(next ?? "/signin", { replace: true }),
      (error: unknown) => {
        if (!current) return;
        const reason = error instanceof Error ? error.message : String(error);
        navigate(`/signin?${new URLSearchParams({ failed: reason })}`, { replace: true });
      },
    );
    return () => {
      current = false;
    };
  }, [returning, navigate]);
  useEffect(() => {
    const out = () => navigate("/signin", { replace: true });
    window.addEventListener(signedOutEvent, out);
    return () => window.removeEventListener(signedOutEvent, out);
  }, [navigate]);
  if (returning) return <PageLoading />;
  const page = (element: React.ReactNode) => <SignedIn>{element}</SignedIn>;
  return (
    <Routes>
      <Route
        path="/signin"
        element={
          <Suspense fallback={<PageLoading />}>
            <SignIn />
          </Suspense>
        }
      />
      <Route path="/" element={<Navigate to="/tasks" replace />} />
      {areas.flatMap((area) =>
        area.routes.map(({ path, page: Page, public: open }) => (
          <Route
            key={path}
            path={path}
            element={
              open ? (
                <Suspense fallback={<PageLoading />}>
                  <Page />
                </Suspense>
              ) : (
                page(<Page />)
              )
            }
          />
        )),
      )}
      <Route path="*" element={page(<NotFound />)} />
    </Routes>
  );
}
