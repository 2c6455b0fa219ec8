import asyncio

from .. import price_of
from ..core.stats import rolling_checksum as checksum
import shop.core.net as net


async def quote(sku):
    return price_of(sku)


async def quote_direct(sku):
    return net.load_price(sku)


async def audit(n):
    return checksum(n)


async def quote_offloaded(sku):
    return await asyncio.to_thread(price_of, sku)
