"""Request dependencies shared by the JSON API and the HTML pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine


def get_engine(request: Request) -> Engine:
    """The one engine `create_app` opened; routes never open their own."""
    return request.app.state.engine


EngineDep = Annotated[Engine, Depends(get_engine)]
