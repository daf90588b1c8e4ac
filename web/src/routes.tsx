// Workbench: the routes — sign-in, the public portal's pages without it, and inside the layout every area's pages
// (src/areas/all.ts), each loaded lazily as a chunk of its own.
import { lazy, Suspense, useEffect, useState } from "react";
import { Navigate, Route, Routes, useLocation, useNavigate } from "react-router";
import { signedOutEvent } from "./api/client.ts";
import { areas } from "./areas/all.ts";
import { who } from "./auth.ts";
import { config } from "./config.ts";
import { completeHostedSignIn } from "./hosted-ui.ts";
import { Frame, PageLoading } from "./layout.tsx";

const SignIn = lazy(() => import("./pages/SignIn.tsx"));
const NotFound = lazy(() => import("./pages/NotFound.tsx"));

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
  // Back from the Hosted UI with ?code=: exchange it for the ID token before anything else is shown.
  const [ready, setReady] = useState(config.signIn !== "cognito");
  useEffect(() => {
    if (config.signIn !== "cognito" || !config.cognito) return;
    completeHostedSignIn(config.cognito)
      .catch(() => false)
      .finally(() => setReady(true));
  }, []);
  useEffect(() => {
    const out = () => navigate("/signin", { replace: true });
    window.addEventListener(signedOutEvent, out);
    return () => window.removeEventListener(signedOutEvent, out);
  }, [navigate]);
  if (!ready) return <PageLoading />;
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
