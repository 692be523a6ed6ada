/* A FAKE of the vendor SDT API for the test suite (no real reader here): the same
 * functions and signatures as libsdtapi.so, backed by a card the tests set through the
 * test-only export FAKE_SDT_SetCard. Also a fake `unpack` (WLT -> BMP) that writes a
 * grey 102x126 bitmap, so the ctypes binding of the photo library is exercised too. */
#include <string.h>

#define OK 0x90
#define FOUND 0x9F

static unsigned char g_text[256];
static unsigned char g_photo[1024];
static unsigned int g_photo_len = 0;
static int g_present = 0;
static int g_open_port = -1;
static int g_sam_status = OK;

void FAKE_SDT_SetCard(const unsigned char *text, const unsigned char *photo, unsigned int photo_len, int present) {
    if (text) memcpy(g_text, text, 256);
    if (photo_len > 1024) photo_len = 1024;
    if (photo) memcpy(g_photo, photo, photo_len);
    g_photo_len = photo_len;
    g_present = present;
}

void FAKE_SDT_SetSamStatus(int status) { g_sam_status = status; }

int SDT_OpenPort(int iPort) {
    if (iPort != 1001 && (iPort < 1 || iPort > 16)) return 0x01;
    g_open_port = iPort;
    return OK;
}

int SDT_ClosePort(int iPort) {
    if (iPort != g_open_port) return 0x01;
    g_open_port = -1;
    return OK;
}

int SDT_GetSAMStatus(int iPort, int iIfOpen) {
    (void)iIfOpen;
    return iPort == g_open_port ? g_sam_status : 0x01;
}

int SDT_StartFindIDCard(int iPort, unsigned char *pucManaInfo, int iIfOpen) {
    (void)iIfOpen;
    if (iPort != g_open_port) return 0x01;
    if (g_sam_status != OK) return g_sam_status;
    if (!g_present) return 0x80;
    memset(pucManaInfo, 0, 4);
    return FOUND;
}

int SDT_SelectIDCard(int iPort, unsigned char *pucManaMsg, int iIfOpen) {
    (void)iIfOpen;
    if (iPort != g_open_port) return 0x01;
    if (!g_present) return 0x81;
    memset(pucManaMsg, 0, 8);
    return OK;
}

int SDT_ReadBaseMsg(int iPort, unsigned char *pucCHMsg, unsigned int *puiCHMsgLen,
                    unsigned char *pucPHMsg, unsigned int *puiPHMsgLen, int iIfOpen) {
    (void)iIfOpen;
    if (iPort != g_open_port) return 0x01;
    if (!g_present) return 0x41;
    memcpy(pucCHMsg, g_text, 256);
    *puiCHMsgLen = 256;
    memcpy(pucPHMsg, g_photo, g_photo_len);
    *puiPHMsgLen = g_photo_len;
    return OK;
}

int SDT_ReadBaseFPMsg(int iPort, unsigned char *pucCHMsg, unsigned int *puiCHMsgLen,
                      unsigned char *pucPHMsg, unsigned int *puiPHMsgLen,
                      unsigned char *pucFPMsg, unsigned int *puiFPMsgLen, int iIfOpen) {
    int status = SDT_ReadBaseMsg(iPort, pucCHMsg, puiCHMsgLen, pucPHMsg, puiPHMsgLen, iIfOpen);
    if (status != OK) return status;
    memset(pucFPMsg, 0x5A, 1024);
    *puiFPMsgLen = 1024;
    return OK;
}

int unpack(char *src, char *dst, int bmpSave) {
    (void)bmpSave;
    if (!src || !dst) return 0;
    unsigned char header[54] = {'B', 'M'};
    unsigned int size = 38862, offset = 54, dib = 40, width = 102, height = 126, image = 38808;
    memcpy(header + 2, &size, 4);
    memcpy(header + 10, &offset, 4);
    memcpy(header + 14, &dib, 4);
    memcpy(header + 18, &width, 4);
    memcpy(header + 22, &height, 4);
    header[26] = 1;
    header[28] = 24;
    memcpy(header + 34, &image, 4);
    memcpy(dst, header, 54);
    memset(dst + 54, 0x80, image);
    return 1;
}
