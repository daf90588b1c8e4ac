// Workbench: the routes — sign-in, then inside the layout each page loaded lazily (a chunk of its own): 待办, programmes,
// a project, finance's queue, ledger, recoveries and charts, and the executions inspector.
import { lazy, Suspense, useEffect, useState } from "react";
import { Navigate, Route, Routes, useLocation, useNavigate } from "react-router";
import { signedOutEvent } from "./api/client.ts";
import { who } from "./auth.ts";
import { config } from "./config.ts";
import { completeHostedSignIn } from "./hosted-ui.ts";
import { Frame, PageLoading } from "./layout.tsx";

const SignIn = lazy(() => import("./pages/SignIn.tsx"));
const NotFound = lazy(() => import("./pages/NotFound.tsx"));
const Tasks = lazy(() => import("./pages/Tasks.tsx"));
const Programmes = lazy(() => import("./pages/Programmes.tsx"));
const Project = lazy(() => import("./pages/Project.tsx"));
const PaymentQueue = lazy(() => import("./pages/finance/PaymentQueue.tsx"));
const Ledger = lazy(() => import("./pages/finance/Ledger.tsx"));
const Recoveries = lazy(() => import("./pages/finance/Recoveries.tsx"));
const FinanceCharts = lazy(() => import("./pages/finance/Charts.tsx"));
const Executions = lazy(() => import("./pages/executions/Executions.tsx"));
const Execution = lazy(() => import("./pages/executions/Execution.tsx"));

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
      <Route path="/tasks" element={page(<Tasks />)} />
      <Route path="/programmes" element={page(<Programmes />)} />
      <Route path="/projects/:projectId" element={page(<Project />)} />
      <Route path="/finance/queue" element={page(<PaymentQueue />)} />
      <Route path="/finance/ledger" element={page(<Ledger />)} />
      <Route path="/finance/recoveries" element={page(<Recoveries />)} />
      <Route path="/finance/charts" element={page(<FinanceCharts />)} />
      <Route path="/executions" element={page(<Executions />)} />
      <Route path="/executions/view" element={page(<Execution />)} />
      <Route path="*" element={page(<NotFound />)} />
    </Routes>
  );
}
