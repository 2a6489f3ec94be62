package io.plystra.kernel;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** TRUSTED_PROXIES: CIDR parsing and matching. */
class ClientAddressTest {

    @Test
    void parsesIpv4AndIpv6CidrsAndBareAddresses() {
        List<ClientAddress.Cidr> cidrs = ClientAddress.parse("10.0.0.0/8, 192.168.1.7 ,fd00::/8");
        assertEquals(3, cidrs.size());
        assertTrue(cidrs.get(0).contains(new byte[] {10, 1, 2, 3}));
        assertTrue(!cidrs.get(0).contains(new byte[] {11, 1, 2, 3}));
        assertTrue(cidrs.get(1).contains(new byte[] {(byte) 192, (byte) 168, 1, 7}));
        assertTrue(!cidrs.get(1).contains(new byte[] {(byte) 192, (byte) 168, 1, 8}));
        byte[] v6 = new byte[16];
        v6[0] = (byte) 0xfd;
        assertTrue(cidrs.get(2).contains(v6));
        assertTrue(!cidrs.get(0).contains(v6), "an IPv6 address never matches an IPv4 range");
        assertEquals(List.of(), ClientAddress.parse(""));
    }

    @Test
    void refusesWhatIsNotAnAddressNeverLookingUpNames() {
        assertThrows(IllegalArgumentException.class, () -> ClientAddress.parse("proxy.example.com"));
        assertThrows(IllegalArgumentException.class, () -> ClientAddress.parse("10.0.0.0/33"));
    }
}
