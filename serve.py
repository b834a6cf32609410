"""The dashboard as served: ``streamlit run serve.py`` (what bin/dashboard does). The script is dashboard.py; the
server adds what laomap.ui.serve says (a first visit to a page's own address finds the server at once)."""

from starlette.middleware import Middleware
from streamlit import App

from laomap.ui.serve import BaseAddress

app = App("dashboard.py", middleware=[Middleware(BaseAddress)])
